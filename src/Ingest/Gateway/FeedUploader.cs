using System.Net.Http.Headers;
using System.Text;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// Pushes one feed into this node's HTTP ingest on behalf of a terminal that speaks another protocol (the browser's
/// WebSocket, RTMP, SRT): the init segment, each media segment as one progressive (chunked) PUT whose fragments the
/// ingest relays as they arrive, and the end-of-list that ends the feed.
/// </summary>
public sealed class FeedUploader(LocalIngest ingest, FeedIdentity who)
{
    private const string OpenPlaylist = "#EXTM3U\n#EXT-X-VERSION:7\n";
    private const string EndedPlaylist = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-ENDLIST\n";

    public FeedIdentity Identity { get; set; } = who;

    /// <summary>Claims the feed (or continues it) without sending media: the ingest checks the token, the role and that
    /// the feed is this terminal's and still live, exactly as for a segment.</summary>
    public Task<PushAnswer> AuthoriseAsync(CancellationToken cancellationToken) =>
        SendAsync("index.m3u8", new StringContent(OpenPlaylist, Encoding.UTF8, "application/vnd.apple.mpegurl"), cancellationToken);

    public Task<PushAnswer> EndAsync(CancellationToken cancellationToken) =>
        SendAsync("index.m3u8", new StringContent(EndedPlaylist, Encoding.UTF8, "application/vnd.apple.mpegurl"), cancellationToken);

    public Task<PushAnswer> PutAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        SendAsync(name, new ReadOnlyMemoryContent(bytes), cancellationToken);

    /// <summary>Starts a progressive PUT of <paramref name="name"/>; write its fragments, then complete it.</summary>
    public SegmentUpload Begin(string name)
    {
        var upload = new SegmentUpload(name);
        upload.Answer = SendAsync(name, upload.Content, CancellationToken.None, chunked: true);
        return upload;
    }

    private async Task<PushAnswer> SendAsync(string name, HttpContent content, CancellationToken cancellationToken, bool chunked = false)
    {
        var who = Identity;
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(ingest.BaseUrl, $"live/{Uri.EscapeDataString(who.Feed)}/{Uri.EscapeDataString(name)}"))
        {
            Content = content,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", who.Token);
        request.Headers.Add("X-Source", who.Source);
        if (who.Camera is not null) request.Headers.Add("X-Camera", who.Camera);
        if (who.Officer is not null) request.Headers.Add("X-Officer", who.Officer);
        if (who.Position is not null) request.Headers.Add("X-Position", who.Position);
        if (chunked) request.Headers.TransferEncodingChunked = true;
        content.Headers.ContentType ??= new MediaTypeHeaderValue(name.EndsWith(".mp4", StringComparison.Ordinal) ? "video/mp4" : "video/iso.segment");
        try
        {
            using var response = await ingest.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return await PushAnswer.FromAsync(response, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return PushAnswer.Unreachable(e.Message);
        }
        finally
        {
            content.Dispose();
        }
    }
}
