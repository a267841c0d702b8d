using System.Security.Claims;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Review;

/// <summary><c>GET /api/timeline?from=…&amp;to=…</c> or <c>?case=ID</c>: the Chronologie page's rows. An officer sees their own recordings only.</summary>
internal static class TimelineEndpoints
{
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(7);

    public static void MapTimeline(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/timeline", GetAsync).WithTags("Review").WithName("GetTimeline")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Admin);

    private static async Task<Results<Ok<Timeline>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, TimelineQuery timeline, CancellationToken cancellationToken,
        DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? @case = null)
    {
        var identity = IdentityEndpoints.Of(user);
        var officer = identity.Role == Roles.Officer ? identity.Subject : null;
        if (@case is { } caseId) return TypedResults.Ok(await timeline.CaseAsync(caseId, officer, cancellationToken));
        if (from is null || to is null)
            return ReviewErrors.BadTimeline.Problem("Give a window (from and to, ISO 8601) or a case (case=ID).");
        if (to <= from) return ReviewErrors.BadTimeline.Problem("to must come after from.");
        if (to - from > LongestWindow) return ReviewErrors.BadTimeline.Problem("A window spans at most 7 days: narrow it.");
        return TypedResults.Ok(await timeline.WindowAsync(from.Value, to.Value, officer, cancellationToken));
    }
}
