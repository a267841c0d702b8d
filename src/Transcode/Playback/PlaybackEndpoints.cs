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
/// So does a thumbnail (poster, strips): see <see cref="ThumbnailViews"/>.
/// </summary>
internal static class PlaybackEndpoints
{
    public static void MapPlayback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recordings/{id:guid}").WithTags("Playback")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Admin).AllowQueryToken();
        group.MapGet("/playback/index.m3u8", PlaylistAsync).WithName("GetPlaybackPlaylist");
        group.MapGet("/playback/{file}", (Guid id, string file, ClaimsPrincipal user, RecordingCatalog catalog, DerivativeStore derivatives,
            IObjectStore store, CancellationToken ct) => FileAsync(id, ProxyStep.Kind, file, user, catalog, derivatives, store, ct)).WithName("GetPlaybackFile");
        group.MapGet("/thumbnails/{file}", ThumbnailAsync).WithName("GetThumbnail");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PlaylistAsync(
        Guid id, HttpContext http, ClaimsPrincipal user, RecordingCatalog catalog, DerivativeStore derivatives, IObjectStore store,
        AccessLog accessLog, CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.Viewed, CustodyActor.From(user), AccessReason.Reason(http.Request), null, null,
            "recording", id.ToString(), null, null) { Motif = AccessReason.Motif(http.Request) };
        if (AccessLog.Check(access) is { } refused) return refused.Error.Problem(refused.Detail);
        if (await NotInReachAsync(id, user, catalog, cancellationToken) is { } notFound) return notFound;
        var proxy = await derivatives.FindAsync(id, ProxyStep.Kind, cancellationToken);
        var playlist = proxy?.Files.FirstOrDefault(f => f.Name == ProxyStep.Playlist);
        if (proxy is null || playlist is null)
            return TranscodeErrors.NotAvailable.Problem($"Recording {id} has no playback copy (yet): see its status and jobs.");

        await accessLog.RecordAsync(access with { Sha256 = proxy.ParentSha256 }, null, cancellationToken);

        string text;
        await using (var stream = await store.OpenReadAsync(playlist.Key, 0, null, cancellationToken))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            text = await reader.ReadToEndAsync(cancellationToken);
        return TypedResults.Content(CarryQuery(text, http.Request.QueryString.Value ?? ""), "application/vnd.apple.mpegurl");
    }

    /// <summary>
    /// Players fetch segments with the playlist's own query string (reason, access_token), so a player that can only
    /// be given a URL (VLC, ffplay) is authorised for the segments too.
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
        ClaimsPrincipal user, RecordingCatalog catalog, DerivativeStore derivatives, IObjectStore store, ThumbnailViews views,
        CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.Viewed, CustodyActor.From(user), AccessReason.Reason(http.Request), null, null,
            "recording", id.ToString(), null, null) { Motif = AccessReason.Motif(http.Request) };
        if (AccessLog.Check(access) is { } refused) return refused.Error.Problem(refused.Detail);
        if (await NotInReachAsync(id, user, catalog, cancellationToken) is { } notFound) return notFound;
        var derivative = await derivatives.FindAsync(id, ThumbnailStep.Kind, cancellationToken);
        var entry = derivative?.Files.FirstOrDefault(f => f.Name == file);
        if (derivative is null || entry is null) return TranscodeErrors.NotAvailable.Problem($"Recording {id} has no thumbnail '{file}'.");
        await views.RecordAsync(access with { Sha256 = derivative.ParentSha256 }, id, cancellationToken);
        return TypedResults.Stream(await store.OpenReadAsync(entry.Key, 0, null, cancellationToken), ContentType(file));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> FileAsync(Guid id, string kind, string file,
        ClaimsPrincipal user, RecordingCatalog catalog, DerivativeStore derivatives, IObjectStore store, CancellationToken cancellationToken)
    {
        if (await NotInReachAsync(id, user, catalog, cancellationToken) is { } notFound) return notFound;
        var derivative = await derivatives.FindAsync(id, kind, cancellationToken);
        var entry = derivative?.Files.FirstOrDefault(f => f.Name == file);
        if (entry is null) return TranscodeErrors.NotAvailable.Problem($"Recording {id} has no {kind} file '{file}'.");
        var stream = await store.OpenReadAsync(entry.Key, 0, null, cancellationToken);
        return TypedResults.Stream(stream, ContentType(file));
    }

    /// <summary>A recording out of the caller's reach (an officer's colleague's) is, to them, one that does not exist.</summary>
    private static async Task<ProblemHttpResult?> NotInReachAsync(Guid id, ClaimsPrincipal user, RecordingCatalog catalog,
        CancellationToken cancellationToken) =>
        await catalog.IsVisibleAsync(id, AccessScope.Of(user), cancellationToken)
            ? null
            : Evidence.EvidenceErrors.RecordingNotFound.Problem($"No recording has the id {id}.");

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".m4s" => "video/iso.segment",
        ".mp4" => "video/mp4",
        ".jpg" => "image/jpeg",
        ".m3u8" => "application/vnd.apple.mpegurl",
        _ => "application/octet-stream",
    };
}
