using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Review;

/// <summary><c>/api/recordings/{id}/bookmarks</c>: notes at a time or over a range of a recording.</summary>
internal static class BookmarkEndpoints
{
    public static void MapBookmarks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recordings/{id:guid}/bookmarks").WithTags("Review")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Admin);
        group.MapGet("/", ListAsync).WithName("ListBookmarks");
        group.MapPost("/", AddAsync).WithName("AddBookmark");
    }

    private static async Task<Results<Ok<IReadOnlyList<Bookmark>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, RecordingCatalog catalog, Bookmarks bookmarks, CancellationToken cancellationToken)
    {
        if (await RecordingAccess.FindVisibleAsync(id, user, catalog, cancellationToken) is null)
            return EvidenceErrors.RecordingNotFound.Problem($"No recording {id} that you may see.");
        return TypedResults.Ok(await bookmarks.ListAsync(id, cancellationToken));
    }

    /// <summary>
    /// A bookmark is a modification of the recording's data: a motif, and words, which are its note (what it marks is why
    /// it is added: a second text would repeat it), from a token with a matricule (<see cref="TracedModification"/>).
    /// </summary>
    private static async Task<Results<Created<Bookmark>, ProblemHttpResult>> AddAsync(
        Guid id, CreateBookmarkRequest request, HttpRequest http, ClaimsPrincipal user, RecordingCatalog catalog, Bookmarks bookmarks,
        CancellationToken cancellationToken)
    {
        var note = request.Note?.Trim();
        if (string.IsNullOrEmpty(note)) return ReviewErrors.BadBookmark.Problem("A bookmark needs a note (note): say what happens there.");
        if (note.Length > 2000) return ReviewErrors.BadBookmark.Problem("The note must be at most 2000 characters.");
        if (request.At is not { } at || !double.IsFinite(at) || at < 0)
            return ReviewErrors.BadBookmark.Problem("at must be the position of the bookmark, in seconds from the start of the recording (0 or more).");
        if (request.Until is { } until && (!double.IsFinite(until) || until <= at))
            return ReviewErrors.BadBookmark.Problem("until, when given, must come after at (seconds from the start of the recording).");
        var (stated, refused) = TracedModification.Read(http, request.Motif, note, "say what happens there", reasonField: "note");
        if (stated is null) return refused!;
        var recording = await RecordingAccess.FindVisibleAsync(id, user, catalog, cancellationToken);
        if (recording is null) return EvidenceErrors.RecordingNotFound.Problem($"No recording {id} that you may see.");
        if (recording.Probe is not null && recording.Probe.Value.TryGetProperty("format", out var format)
            && format.TryGetProperty("duration", out var d) && double.TryParse(d.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var duration)
            && (at > duration + 0.5 || request.Until > duration + 0.5))
            return ReviewErrors.BadBookmark.Problem($"The recording lasts {duration:0.###} s: place the bookmark within it.");
        var added = await bookmarks.AddAsync(id, recording.Sha256, at, request.Until, stated, cancellationToken);
        return TypedResults.Created($"/api/recordings/{id}/bookmarks/{added.Id}", added);
    }
}
