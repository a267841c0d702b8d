using System.Security.Claims;
using System.Text;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.Transcode.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Transcode.Playback;

/// <summary>
/// The playback proxy (HLS) and thumbnails of a recording. Opening the playlist is a consultation: it needs a
/// reason (query <c>reason</c> or header <c>X-Reason</c>) and a motif (<c>motif</c> or <c>X-Motif</c>) and goes into the access log.
/// So does a thumbnail (poster, strips), counted once per window (<see cref="RepeatedViews"/>). The segments the
/// playlist lists carry its query string (reason, motif): each is served only with a reason and a motif, checked as
/// the playlist's, and is not logged again (the playlist was the consultation).
/// </summary>
internal static class PlaybackEndpoints
{
    public static void MapPlayback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recordings/{id:guid}").WithTags("Playback")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Admin).AllowQueryToken();
        group.MapGet("/playback/index.m3u8", PlaylistAsync).WithName("GetPlaybackPlaylist");
        group.MapGet("/playback/{file}", SegmentAsync).WithName("GetPlaybackFile");
        group.MapGet("/thumbnails/{file}", ThumbnailAsync).WithName("GetThumbnail");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PlaylistAsync(
        Guid id, HttpContext http, ClaimsPrincipal user, RecordingCatalog catalog, DerivativeStore derivatives, IObjectStore store,
        AccessLog accessLog, CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.Viewed, CustodyActor.From(user), AccessReason.Reason(http.Request), null, null,
            "recording", id.ToString(), null, null) { Motif = AccessReason.Motif(http.Request) };
        if (AccessLog.Check(access) is { } refused) return refused.Error.Problem(refused.Detail);
        if (await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken) is not { } recording) return NotFound(id);
        if (recording.Status == RecordingStatus.Purged) return Purged(id);
        var proxy = await derivatives.FindAsync(id, ProxyStep.Kind, cancellationToken);
        var playlist = proxy?.Files.FirstOrDefault(f => f.Name == ProxyStep.Playlist);
        if (proxy is null || playlist is null)
            return TranscodeErrors.NotAvailable.Problem($"Recording {id} has no playback copy (yet): see its status and jobs.");

        await accessLog.RecordAsync(access with { Sha256 = proxy.ParentSha256, Camera = recording.Camera }, null, cancellationToken);

        string text;
        await using (var stream = await store.OpenReadAsync(playlist.Key, 0, null, cancellationToken))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            text = await reader.ReadToEndAsync(cancellationToken);
        return TypedResults.Content(CarryQuery(text, SegmentQuery(http.Request, access).Value ?? ""), "application/vnd.apple.mpegurl");
    }

    /// <summary>
    /// The playlist's query string, with the reason and motif added when they came as headers: every segment URI states
    /// them, so a player that sends no header with its segment requests still gets them.
    /// </summary>
    private static QueryString SegmentQuery(HttpRequest request, AccessRecord access)
    {
        var query = request.QueryString;
        if (!request.Query.ContainsKey("reason")) query = query.Add("reason", access.Reason!);
        if (!request.Query.ContainsKey("motif")) query = query.Add("motif", access.Motif!);
        return query;
    }

    /// <summary>
    /// Players fetch segments with the playlist's own query string (reason, motif, access_token), so a player that can
    /// only be given a URL (VLC, ffplay) is authorised for the segments too.
    /// </summary>
    internal static string CarryQuery(string playlist, string query)
    {
        if (query.Length == 0) return playlist;
        var lines = playlist.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length > 0 && !line.StartsWith('#')) lines[i] = line + query;
            else if (line.StartsWith("#EXT-X-MAP:URI=\"", StringComparison.Ordinal))
                lines[i] = line.Replace("\"", "").Replace("URI=", "URI=\"") .TrimEnd() + query + "\"";
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// A poster or a strip of a recording: pictures of the people in it, so a consultation like the playlist (reason and
    /// motif, refused before anything is looked up and logged, nothing logged when refused), counted once per window.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ThumbnailAsync(Guid id, string file, HttpContext http,
        ClaimsPrincipal user, RecordingCatalog catalog, DerivativeStore derivatives, IObjectStore store, RepeatedViews views,
        CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.Viewed, CustodyActor.From(user), AccessReason.Reason(http.Request), null, null,
            "recording", id.ToString(), null, null) { Motif = AccessReason.Motif(http.Request) };
        if (AccessLog.Check(access) is { } refused) return refused.Error.Problem(refused.Detail);
        if (await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken) is not { } recording) return NotFound(id);
        if (recording.Status == RecordingStatus.Purged) return Purged(id);
        var derivative = await derivatives.FindAsync(id, ThumbnailStep.Kind, cancellationToken);
        var entry = derivative?.Files.FirstOrDefault(f => f.Name == file);
        if (derivative is null || entry is null) return TranscodeErrors.NotAvailable.Problem($"Recording {id} has no thumbnail '{file}'.");
        await views.RecordAsync(access with { Sha256 = derivative.ParentSha256, Camera = recording.Camera }, RepeatedViews.Thumbnails, cancellationToken);
        return TypedResults.Stream(await store.OpenReadAsync(entry.Key, 0, null, cancellationToken), ContentType(file));
    }

    /// <summary>
    /// A segment (or the init segment) of the playback copy: frames of the recording, so refused without a reason and a
    /// motif as the playlist would be (a URL copied out of a playlist without its query plays nothing), but not logged:
    /// the playlist that listed it was, and a player asks for hundreds of segments per view.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> SegmentAsync(Guid id, string file, HttpContext http,
        ClaimsPrincipal user, RecordingCatalog catalog, DerivativeStore derivatives, IObjectStore store, CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.Viewed, CustodyActor.From(user), AccessReason.Reason(http.Request), null, null,
            "recording", id.ToString(), null, null) { Motif = AccessReason.Motif(http.Request) };
        if (AccessLog.Check(access) is { } refused) return refused.Error.Problem(refused.Detail);
        var status = await catalog.StatusAsync(id, AccessScope.Of(user), cancellationToken);
        if (status is null) return NotFound(id);
        if (status == RecordingStatus.Purged) return Purged(id);
        var derivative = await derivatives.FindAsync(id, ProxyStep.Kind, cancellationToken);
        var entry = derivative?.Files.FirstOrDefault(f => f.Name == file);
        if (entry is null) return TranscodeErrors.NotAvailable.Problem($"Recording {id} has no {ProxyStep.Kind} file '{file}'.");
        var stream = await store.OpenReadAsync(entry.Key, 0, null, cancellationToken);
        return TypedResults.Stream(stream, ContentType(file));
    }

    /// <summary>A recording out of the caller's reach (an officer's colleague's) is, to them, one that does not exist.</summary>
    private static ProblemHttpResult NotFound(Guid id) => Evidence.EvidenceErrors.RecordingNotFound.Problem($"No recording has the id {id}.");

    /// <summary>
    /// A purged recording's derived files went with its original (R241-4): asked for again, it is gone (410) rather
    /// than a copy not made yet (404).
    /// </summary>
    private static ProblemHttpResult Purged(Guid id) => Evidence.EvidenceErrors.RecordingPurged.Problem(
        $"Recording {id} was deleted by the retention policy; its history remains in the ledger.");

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".m4s" => "video/iso.segment",
        ".mp4" => "video/mp4",
        ".jpg" => "image/jpeg",
        ".m3u8" => "application/vnd.apple.mpegurl",
        _ => "application/octet-stream",
    };
}
