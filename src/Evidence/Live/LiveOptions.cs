using System.ComponentModel.DataAnnotations;

namespace Cameras.Evidence.Live;

/// <summary>Settings under <c>Cameras:Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "Cameras:Live";

    /// <summary>A feed that pushes nothing for this long has ended.</summary>
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest segment (one PUT) accepted; a bigger one gets 413.</summary>
    [Range(64 * 1024, 1L << 30)]
    public long MaxSegmentBytes { get; set; } = 16L << 20;

    /// <summary>Media segments kept in memory per feed for HLS viewers (the relay playlist's length).</summary>
    [Range(2, 1000)]
    public int WindowSegments { get; set; } = 12;

    /// <summary>Fragments a viewer may have queued before it skips to the next keyframe.</summary>
    [Range(4, 10000)]
    public int ViewerQueue { get; set; } = 120;

    /// <summary>What is kept of each segment: hashes (default, R241-4), full (stored and assembled) or none.</summary>
    public LiveRecord Record { get; set; } = LiveRecord.Hashes;

    /// <summary>The former switch for <see cref="LiveRecord.None"/>, still read as its alias: true means Record=none.</summary>
    public bool RelayOnly { get; set; }

    /// <summary>The mode in force, the old alias applied.</summary>
    public LiveRecord Keeping => RelayOnly ? LiveRecord.None : Record;

    /// <summary>This node's base URL as other nodes reach it (they pull fragments from it); defaults to the first
    /// address it listens on.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>Reason logged for a view when the viewer gives none (the dashboard sends its own).</summary>
    public string DefaultViewReason { get; set; } = "supervision en direct";
}
