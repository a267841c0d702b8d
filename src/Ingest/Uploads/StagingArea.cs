using Cameras.Evidence;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Cameras.Ingest.Uploads;

/// <summary>The folder where uploads accumulate, one file per upload, named by its id.</summary>
public sealed class StagingArea
{
    public StagingArea(IOptions<IngestOptions> ingest, IOptions<EvidenceOptions> evidence)
    {
        Folder = Path.GetFullPath(ingest.Value.StagingPath ?? Path.Combine(evidence.Value.Data, "staging"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(Guid id) => Path.Combine(Folder, id.ToString("n"));

    public void Create(Guid id)
    {
        using var _ = File.Open(PathOf(id), FileMode.CreateNew, FileAccess.Write);
    }

    /// <summary>Opens the upload's file for writing; created again when missing (an upload created on a node
    /// that lost it must still be refused later by the offset check, not by a crash).</summary>
    public SafeFileHandle OpenForWrite(Guid id) =>
        File.OpenHandle(PathOf(id), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

    public FileStream OpenRead(Guid id) => new(PathOf(id), new FileStreamOptions
    {
        Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
        Options = FileOptions.SequentialScan, BufferSize = 0,
    });

    public void Delete(Guid id) => File.Delete(PathOf(id));
}
