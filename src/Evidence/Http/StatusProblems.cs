using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence.Http;

/// <summary>
/// The body of an error the framework answers without one (no route, wrong method, an endpoint's bare 404): a
/// problem whose detail says what to fix, like every other error of the API.
/// </summary>
public static class StatusProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var target = $"{request.Method} {request.Path}";
        var matched = http.GetEndpoint() is not null;
        var problem = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound when !matched => EdgeErrors.NoSuchEndpoint.Problem(
                $"Nothing answers {target}: check the path (ids are GUIDs); the API is described at /openapi/v1.json."),
            StatusCodes.Status404NotFound => EdgeErrors.NoSuchEndpoint.Problem($"{target} names nothing that exists (or nothing you may see)."),
            StatusCodes.Status405MethodNotAllowed => EdgeErrors.MethodNotAllowed.Problem(
                $"{request.Method} is not accepted on {request.Path}; the methods each path takes are in /openapi/v1.json."),
            StatusCodes.Status415UnsupportedMediaType => EdgeErrors.UnsupportedMediaType.Problem(
                $"{target} does not take Content-Type '{request.ContentType}'."),
            var status => new ErrorDescriptor("http-" + status, status, ReasonPhrase(status)).Problem($"{target} answered {status}."),
        };
        return problem.ExecuteAsync(http);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
