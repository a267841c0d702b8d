using Cameras.Evidence;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// Where ffmpeg writes its outputs (and, for a remote store, where the original is copied). By default
/// <c>{Data}/scratch</c>, on the filesystem store's own disk, so storing an output is a rename, not a copy.
/// </summary>
public sealed class ScratchArea
{
    public ScratchArea(IOptions<TranscodeOptions> transcode, IOptions<EvidenceOptions> evidence)
    {
        Folder = Path.GetFullPath(transcode.Value.ScratchPath ?? Path.Combine(evidence.Value.Data, "scratch"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>A new empty folder of its own for one step's outputs.</summary>
    public DirectoryInfo CreateFolder(string prefix) =>
        Directory.CreateDirectory(Path.Combine(Folder, prefix + Guid.NewGuid().ToString("n")));
}
