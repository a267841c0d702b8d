using System.ComponentModel.DataAnnotations;

namespace Cameras.Transcode;

/// <summary>Settings of the processing workers (<c>Cameras:Transcode:*</c>).</summary>
public sealed class TranscodeOptions
{
    public const string Section = "Cameras:Transcode";

    /// <summary>Jobs run at once on this node; one transcode per core by default.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Length of the playback proxy's HLS segments.</summary>
    [Range(1, 60)]
    public int SegmentSeconds { get; set; } = 6;

    /// <summary>One timeline thumbnail every this many seconds.</summary>
    [Range(1, 3600)]
    public int ThumbnailEverySeconds { get; set; } = 10;

    /// <summary>
    /// Where ffmpeg writes its outputs before they are stored, and where originals are copied when the object store
    /// is not a local folder; defaults to <c>{Data}/scratch</c>, on the filesystem store's disk, so storing is a rename.
    /// </summary>
    public string? ScratchPath { get; set; }

    /// <summary>
    /// The queues this node's workers serve, comma-separated: <c>recordings</c>, <c>exports</c>, <c>live</c> (all by
    /// default); a node may serve only exports. Checked at start.
    /// </summary>
    [Required]
    public string Queues { get; set; } = string.Join(",", Jobs.JobQueues.All);

    /// <summary>How often a worker tells the cluster it is alive (Hangfire's server heartbeat, shown in the dashboard).</summary>
    [Range(1, 600)]
    public int ClusterCheckinSeconds { get; set; } = 15;

    /// <summary>
    /// A job whose worker died (SIGKILL, power) runs again on another node within this time: its claim, kept fresh by
    /// its worker (Hangfire.PostgreSql's sliding invisibility timeout), lapses after this less the poll below and the
    /// time to start the job again (a fifth, 2 s at least; <see cref="Jobs.JobsSetup.FailoverBudget"/>).
    /// </summary>
    [Range(Jobs.JobsSetup.FailoverBudget.MinFailoverSeconds, 3600,
        ErrorMessage = "Cameras:Transcode:ClusterFailoverSeconds must be between {1} and {2}: a job's claim must outlast its worker's renewals, the poll and the job's start.")]
    public int ClusterFailoverSeconds { get; set; } = 60;

    /// <summary>
    /// How often an idle worker looks at the queues anyway (a new job wakes it at once through PostgreSQL NOTIFY): the
    /// time a lapsed claim may wait to be seen. At most a quarter of what <see cref="ClusterFailoverSeconds"/> leaves after
    /// the start allowance is used (<see cref="Jobs.JobsSetup.FailoverBudget"/>).
    /// </summary>
    [Range(1, 600)]
    public int IdleWaitSeconds { get; set; } = 5;

    /// <summary>
    /// How many times a recording's processing that failed (an object store, database or ffmpeg error) is tried again;
    /// 0: never. Each try goes on from the step that failed. A stored original that no longer matches its hash, or a
    /// file ffprobe cannot read, is never retried (quarantined, unplayable).
    /// </summary>
    [Range(0, 20, ErrorMessage = "Cameras:Transcode:RecordingRetries must be between {1} and {2}.")]
    public int RecordingRetries { get; set; } = Jobs.JobRetries.Default.Retries;

    /// <summary>The wait before a recording's first retry; each later wait is three times the one before.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Cameras:Transcode:RecordingRetryDelay must be between {1} and {2}.")]
    public TimeSpan RecordingRetryDelay { get; set; } = Jobs.JobRetries.Default.FirstDelay;

    /// <summary>How many times the assembly of an ended live feed into a recording that failed is tried again; 0: never.</summary>
    [Range(0, 20, ErrorMessage = "Cameras:Transcode:LiveRetries must be between {1} and {2}.")]
    public int LiveRetries { get; set; } = Jobs.JobRetries.Default.Retries;

    /// <summary>The wait before a live feed's assembly is first tried again; each later wait is three times the one before.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Cameras:Transcode:LiveRetryDelay must be between {1} and {2}.")]
    public TimeSpan LiveRetryDelay { get; set; } = Jobs.JobRetries.Default.FirstDelay;

    /// <summary>The recordings queue's retry policy, carried by each job it enqueues.</summary>
    public Jobs.JobRetries RecordingRetryPolicy => new(RecordingRetries, RecordingRetryDelay);

    /// <summary>The live queue's retry policy, carried by each assembly job it enqueues.</summary>
    public Jobs.JobRetries LiveRetryPolicy => new(LiveRetries, LiveRetryDelay);

    /// <summary>How often the queue looks for received recordings whose notification was missed.</summary>
    [Range(1, 3600)]
    public int SweepSeconds { get; set; } = 30;

    /// <summary>x264 preset for HEVC and other sources that must be re-encoded.</summary>
    [Required]
    public string X264Preset { get; set; } = "veryfast";
}
