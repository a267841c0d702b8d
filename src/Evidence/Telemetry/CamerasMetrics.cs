using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cameras.Evidence.Telemetry;

/// <summary>
/// Every meter of the server, in one place: instruments are stateless handles (the OpenTelemetry meter provider
/// aggregates what they record), so they are static and a call site records with one line and no injection.
/// Names follow OpenTelemetry's conventions; the Prometheus exposition turns <c>cameras.ingest.received</c> (bytes)
/// into <c>cameras_ingest_received_bytes_total</c>. Several servers in one process (tests) share the totals.
/// </summary>
public static class CamerasMetrics
{
    public const string IngestMeter = "Cameras.Ingest";
    public const string LiveMeter = "Cameras.Live";
    public const string JobsMeter = "Cameras.Jobs";

    /// <summary>Every meter above, for the meter provider to listen to.</summary>
    public static readonly string[] Meters = [IngestMeter, LiveMeter, JobsMeter];

    private static readonly Meter Ingest = new(IngestMeter);
    private static readonly Meter Live = new(LiveMeter);
    private static readonly Meter Jobs = new(JobsMeter);

    /// <summary>Upload request bodies (tus PATCH or creation-with-upload) being received by this node now.</summary>
    public static readonly UpDownCounter<long> UploadsInFlight =
        Ingest.CreateUpDownCounter<long>("cameras.ingest.uploads_in_flight", "{upload}", "Upload bodies being received now");

    /// <summary>Upload bytes received and written to staging.</summary>
    public static readonly Counter<long> BytesReceived =
        Ingest.CreateCounter<long>("cameras.ingest.received", "By", "Upload bytes received and staged");

    /// <summary>Bytes run through SHA-256, with <see cref="HashSeconds"/>: their ratio is the hash rate.</summary>
    public static readonly Counter<long> BytesHashed =
        Ingest.CreateCounter<long>("cameras.hash.hashed", "By", "Bytes hashed (SHA-256)");

    /// <summary>Time spent hashing: rate(hashed) / rate(hash seconds) is the hasher's throughput.</summary>
    public static readonly Counter<double> HashSeconds =
        Ingest.CreateCounter<double>("cameras.hash.duration", "s", "Time spent hashing (SHA-256)");

    /// <summary>Feeds in this node's live window (pushed here, or relayed from another node).</summary>
    public static readonly UpDownCounter<long> LiveFeeds =
        Live.CreateUpDownCounter<long>("cameras.live.feeds", "{feed}", "Live feeds in this node's window");

    /// <summary>Viewers subscribed to a feed on this node, by feed.</summary>
    public static readonly UpDownCounter<long> LiveViewers =
        Live.CreateUpDownCounter<long>("cameras.live.viewers", "{viewer}", "Live viewers on this node");

    /// <summary>Fragments a slow viewer skipped (it resumes at the next keyframe), by feed.</summary>
    public static readonly Counter<long> FragmentsDropped =
        Live.CreateCounter<long>("cameras.live.fragments_dropped", "{fragment}", "Fragments skipped for slow viewers");

    /// <summary>
    /// Fragments one viewer skipped over its whole session, recorded once as it leaves, by feed: the figure per viewer
    /// the counter above cannot give. Not a series per viewer: a viewer (a connection, a person) label would make a new
    /// series for every view, without bound, which Prometheus keeps for hours after the viewer left. A histogram keeps
    /// a handful of series per feed and answers what is asked of a viewer figure: how many viewers dropped anything
    /// (all but the first bucket), how badly the worst off did (the high quantiles), drops per viewer on average
    /// (sum / count). Which viewer it was is in the log, which names the feed of each viewer too slow to keep up.
    /// </summary>
    public static readonly Histogram<long> ViewerFragmentsDropped = Live.CreateHistogram<long>(
        "cameras.live.viewer_fragments_dropped", "{fragment}", "Fragments skipped per viewer session, recorded as it leaves",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 10, 100, 1000, 10000] });

    /// <summary>How long a worker job ran, by kind (recording, export, live-assembly).</summary>
    public static readonly Histogram<double> JobDuration =
        Jobs.CreateHistogram<double>("cameras.jobs.duration", "s", "Worker job durations");

    private static readonly ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> QueueDepthSources = new();

    /// <summary>Jobs waiting per queue, as last sampled (see <see cref="QueueDepthSampler"/>); a job runner with queues of
    /// its own (Hangfire) can report through <see cref="ReportQueueDepth"/> instead.</summary>
    private static readonly ObservableGauge<long> QueueDepth = Jobs.CreateObservableGauge("cameras.jobs.queue_depth",
        () => QueueDepthSources.Values.SelectMany(source => source()), "{job}", "Jobs waiting, per queue");

    /// <summary>Adds a source of queue depths (tag <c>queue</c>), read at each collection; dispose the result to remove it.</summary>
    public static IDisposable ReportQueueDepth(Func<IEnumerable<Measurement<long>>> source)
    {
        _ = QueueDepth;
        var key = new object();
        QueueDepthSources[key] = source;
        return new Removal(() => QueueDepthSources.TryRemove(key, out _));
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    /// <summary>One job's duration: <c>using var _ = CamerasMetrics.TimeJob("export");</c> at the top of the job.</summary>
    public static JobTiming TimeJob(string kind) => new(kind, Stopwatch.GetTimestamp());

    /// <summary>Bytes hashed since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>), in one call.</summary>
    public static void Hashed(long bytes, long startedAt)
    {
        BytesHashed.Add(bytes);
        HashSeconds.Add(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
    }

    public readonly struct JobTiming(string kind, long startedAt) : IDisposable
    {
        public void Dispose() =>
            JobDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
    }
}
