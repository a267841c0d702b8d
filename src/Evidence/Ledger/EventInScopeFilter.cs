using Cameras.Evidence.Access;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// On the endpoints that show one event (<c>/api/ledger/events/{seq}</c>, its inclusion proof by <c>?seq=</c>): an event
/// out of the caller's reach (<see cref="AccessScope.Events"/>) answers exactly as one that does not exist, before the
/// handler reads it. Operators and admins reach every event, so nothing is asked for them.
/// </summary>
internal sealed class EventInScopeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var scope = AccessScope.Of(http.User);
        var text = http.Request.RouteValues.TryGetValue("seq", out var value) ? value?.ToString() : http.Request.Query["seq"].ToString();
        if (scope.IsEverything || !long.TryParse(text, out var seq)) return await next(context);
        var dataSource = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        var inReach = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM custody_events e WHERE e.seq = @seq AND {scope.Events("e")})", scope.Parameters(http.RequestServices.GetRequiredService<TimeProvider>(), new { seq }),
            cancellationToken: http.RequestAborted));
        return inReach ? await next(context) : EvidenceErrors.LedgerEventNotFound.Problem($"No sequenced event has the number {seq}.");
    }
}
