using System.Security.Claims;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Review;

/// <summary>
/// <c>GET /api/recordings/search</c>: the Enregistrements page's search. An officer searches only their own
/// recordings, whatever officer they ask for.
/// </summary>
internal static class SearchEndpoints
{
    public static void MapRecordingSearch(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/recordings/search", SearchAsync).WithTags("Review").WithName("SearchRecordingsPaged")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Admin);

    private static async Task<Results<Ok<RecordingPage>, ProblemHttpResult>> SearchAsync(
        ClaimsPrincipal user, RecordingSearch search, CancellationToken cancellationToken,
        string? camera = null, string? officer = null, string? station = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        string? status = null, string? @case = null, string? bookmark = null, string sort = "recordedAt", string order = "desc",
        int page = 1, int pageSize = 50)
    {
        if (!RecordingQuery.SortColumns.ContainsKey(sort))
            return ReviewErrors.BadSearch.Problem($"sort must be one of {string.Join(", ", RecordingQuery.SortColumns.Keys)}.");
        if (order is not ("asc" or "desc")) return ReviewErrors.BadSearch.Problem("order must be asc or desc.");
        if (page < 1) return ReviewErrors.BadSearch.Problem("page counts from 1.");
        if (pageSize is < 1 or > RecordingQuery.MaxPageSize)
            return ReviewErrors.BadSearch.Problem($"pageSize must be between 1 and {RecordingQuery.MaxPageSize}.");
        if (status is not null && !RecordingStatus.All.Contains(status))
            return ReviewErrors.BadSearch.Problem($"status must be one of {string.Join(", ", RecordingStatus.All)}.");
        if (from > to) return ReviewErrors.BadSearch.Problem("from must not be after to.");
        var identity = IdentityEndpoints.Of(user);
        if (identity.Role == Roles.Officer) officer = identity.Subject;
        var query = new RecordingQuery(Blank(camera), Blank(officer), Blank(station), from, to, status, Blank(@case), Blank(bookmark),
            sort, order == "desc", page, pageSize);
        return TypedResults.Ok(await search.SearchAsync(query, cancellationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
