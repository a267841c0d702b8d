using System.ComponentModel.DataAnnotations;

namespace Cameras.Ingest;

/// <summary>Settings under <c>Cameras:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Cameras:Ingest";

    /// <summary>Where uploads accumulate until complete; defaults to <c>{Data}/staging</c>. Ingest nodes of one
    /// deployment share it. On the filesystem holding the object store, completion moves instead of copying.</summary>
    public string? StagingPath { get; set; }

    /// <summary>Largest upload accepted (Tus-Max-Size). A 4-hour 1080p file is several GB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxSize { get; set; } = 256L << 30;

    /// <summary>An unfinished upload untouched this long expires and its bytes are deleted.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>During a long PATCH the received prefix is flushed and recorded this often, so a crash loses little.</summary>
    [Range(1 << 20, long.MaxValue)]
    public long CheckpointBytes { get; set; } = 64L << 20;

    /// <summary>How long a HEAD or PATCH waits for the previous holder of an upload to let go before 423.</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(10);
}
