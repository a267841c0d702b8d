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
        RemoveAbandoned();
    }

    /// <summary>No step runs for a week: what is that old was left by a worker killed mid-step.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(7);

    public string Folder { get; }

    /// <summary>A new empty folder of its own for one step's outputs.</summary>
    public DirectoryInfo CreateFolder(string prefix) =>
        Directory.CreateDirectory(Path.Combine(Folder, prefix + Guid.NewGuid().ToString("n")));

    // Outputs of a worker killed mid-step are never stored (a later attempt writes its own); nothing else
    // removes them. Only entries this old go, so a step running on another node that shares the folder is safe.
    private void RemoveAbandoned()
    {
        // Against the system's clock, not the host's TimeProvider: the ages compared are the kernel's mtimes.
        var before = DateTime.UtcNow - AbandonedAfter;
        foreach (var entry in new DirectoryInfo(Folder).EnumerateFileSystemInfos())
        {
            if (entry.LastWriteTimeUtc >= before) continue;
            try
            {
                if (entry is DirectoryInfo folder) folder.Delete(recursive: true);
                else entry.Delete();
            }
            catch (IOException)
            {
                // Gone already, or busy: the next start tries again.
            }
        }
    }
}
