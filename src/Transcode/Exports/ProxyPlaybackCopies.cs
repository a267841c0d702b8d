using Cameras.Evidence.Exports;
using Cameras.Transcode.Pipeline;

namespace Cameras.Transcode.Exports;

/// <summary>The playback proxy of a recording, with its lineage, as the copies an export may carry.</summary>
public sealed class ProxyPlaybackCopies(DerivativeStore derivatives) : IPlaybackCopies
{
    public async Task<IReadOnlyList<PlaybackCopy>> FindAsync(Guid recordingId, CancellationToken cancellationToken)
    {
        var proxy = await derivatives.FindAsync(recordingId, ProxyStep.Kind, cancellationToken);
        return proxy is null ? [] : [.. proxy.Files.Select(f => new PlaybackCopy(f.Name, f.Key, f.Size, f.Sha256, proxy.Kind,
            proxy.ParentSha256, proxy.ToolVersion, proxy.Commands))];
    }
}
