using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cameras.Evidence.Http;

/// <summary>
/// The exceptions that are not faults of the code, as problems: a request the framework could not bind (bad JSON,
/// wrong types, wrong content type, a body too large: its status, and a detail naming what to fix), and a database
/// briefly away (503 with Retry-After, which tus clients and the dock retry). Everything else stays a 500, logged.
/// </summary>
public sealed class EdgeExceptionHandler(ILogger<EdgeExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>A PostgreSQL restart or failover is back within a second or two.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            await Describe(bad).ExecuteAsync(context);
            return true;
        }
        if (DatabaseOutage.Caused(exception))
        {
            // Logged once, briefly: the outage itself is the news, not every request it cut.
            logger.LogWarning("{Method} {Path} answered 503: the database is unreachable ({Error})",
                context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            await EdgeErrors.DatabaseUnavailable.Problem(
                $"The catalog database is briefly unreachable (restarting or failing over): send the request again in {RetryAfterSeconds} seconds. "
                + "An upload keeps what was acknowledged before; HEAD tells where to resume.")
                .ExecuteAsync(context);
            return true;
        }
        return false;
    }

    private static IResult Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var where = json.Path is { Length: > 0 } path && !json.Message.Contains("Path:", StringComparison.Ordinal) ? $" (at {path})" : "";
            return EdgeErrors.BadJson.Problem($"The JSON body was refused: {json.Message}{where}");
        }
        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
            return EdgeErrors.BadJson.Problem("This request needs a JSON body (Content-Type: application/json); none was sent.");
        return bad.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => EdgeErrors.UnsupportedMediaType.Problem(bad.Message + " Send Content-Type: application/json."),
            StatusCodes.Status400BadRequest => EdgeErrors.BadRequest.Problem(bad.Message),
            _ => new ErrorDescriptor("bad-request", bad.StatusCode, "Bad request").Problem(bad.Message),
        };
    }
}
