using System.Collections.Concurrent;
using System.Diagnostics;
using Cameras.Evidence;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Storage;
using Cameras.Transcode.Pipeline;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Runs a recording through probe, re-verify, proxy and thumbnails, in that order: nothing derived is made
/// before the stored original is known intact. Each step's state is kept in the catalog and a step already done
/// is skipped, so a run taken over by another node after a crash goes on where it stopped. A failure is retried with
/// backoff (<c>Cameras:Transcode:RecordingRetries</c> and <c>RecordingRetryDelay</c>, three retries by default); the last failure stays visible on its step, in
/// <c>GET /api/recordings/{id}</c> (status <c>failed</c>, its <c>statusReason</c>), and on the failed job in the dashboard,
/// whose requeue runs it again from the step that failed.
/// </summary>
public sealed class ProcessRecordingJob(
    RecordingUpdates recordings, ProcessingSteps steps, IObjectStore store, ScratchArea scratch,
    ProbeStep probe, VerifyStep verify, ProxyStep proxy, ThumbnailStep thumbnails,
    NpgsqlDataSource dataSource, IOptions<EvidenceOptions> evidence, ILogger<ProcessRecordingJob> logger)
{
    /// <summary>
    /// The Hangfire job: <paramref name="context"/> is Hangfire's (null in the enqueuing expression),
    /// <paramref name="cancellationToken"/> too, cancelled when this node stops.
    /// </summary>
    [AutomaticRetry(Attempts = 0), RetryWithBackoff]
    [JobDisplayName("Process recording {0}")]
    public async Task RunAsync(Guid recordingId, JobRetries retries, PerformContext? context, CancellationToken cancellationToken)
    {
        using var timing = Cameras.Evidence.Telemetry.CamerasMetrics.TimeJob("recording");
        await using var lease = await RecordingLease.TryTakeAsync(dataSource, recordingId, cancellationToken);
        if (lease is null)
        {
            logger.LogInformation("Recording {RecordingId} is being processed by another run", recordingId);
            return;
        }
        var recording = await recordings.FindAsync(recordingId, cancellationToken);
        // A failed recording is run again (its job requeued from /jobs): only these three are settled.
        if (recording is null || recording.Status is RecordingStatus.Quarantined or RecordingStatus.Unplayable or RecordingStatus.Ready)
            return;
        await steps.EnsureAsync(recording.Id, cancellationToken);
        await recordings.SetStatusAsync(recording.Id, RecordingStatus.Processing, null, cancellationToken);
        var done = (await steps.StatesAsync(recording.Id, cancellationToken))
            .Where(s => s.Value is StepState.Done).Select(s => s.Key).ToHashSet();

        var run = new Run(steps, evidence.Value.Node, recording.Id, done);
        try
        {
            if (!ProcessingStep.All.All(done.Contains))
            {
                await using var original = await OriginalFile.OpenAsync(store, recording.StorageKey, scratch.Folder, cancellationToken);
                var pipeline = new PipelineContext(recording, original, run.ReportAsync);
                await RunStepsAsync(run, pipeline, done, cancellationToken);
            }
            await recordings.SetStatusAsync(recording.Id, RecordingStatus.Ready, null, cancellationToken);
        }
        catch (StepFailedException failed) when (failed.InnerException is StepStoppedException stopped)
        {
            await steps.FinishAsync(recording.Id, failed.Step, StepState.Failed, stopped.Message, CancellationToken.None);
            await steps.SkipRemainingAsync(recording.Id, CancellationToken.None);
            await recordings.SetStatusAsync(recording.Id, stopped.Status, stopped.Message, CancellationToken.None);
            logger.LogWarning("Recording {RecordingId} is {Status}: {Reason}", recording.Id, stopped.Status, stopped.Message);
        }
        catch (StepFailedException failed)
        {
            var reason = failed.InnerException!.Message;
            await steps.FinishAsync(recording.Id, failed.Step, StepState.Failed, reason, CancellationToken.None);
            var attempt = RetryWithBackoffAttribute.RetriesSoFar(context) + 1;
            if (attempt <= retries.Retries)
                throw new JobFailedException($"Attempt {attempt} at step {failed.Step} of recording {recording.Id} failed and will be retried: {reason}", failed.InnerException);
            // The last attempt: the recording says so, 'failed' with its reason, not 'processing' for ever. The job,
            // failed in /jobs, is what runs it again (a requeue), and the run sets it back to 'processing' as it starts.
            var given = $"Step {failed.Step} failed for good at attempt {attempt}: {reason}";
            await recordings.SetStatusAsync(recording.Id, RecordingStatus.Failed, given, CancellationToken.None);
            throw new JobFailedForGoodException($"Recording {recording.Id}: {given}", failed.InnerException);
        }
    }

    private async Task RunStepsAsync(Run run, PipelineContext pipeline, HashSet<string> done, CancellationToken cancellationToken)
    {
        if (done.Contains(ProcessingStep.Probe)) pipeline.Probe = await probe.AnalyseAsync(pipeline, cancellationToken);
        else await run.StepAsync(ProcessingStep.Probe, () => probe.RunAsync(pipeline, cancellationToken));

        // One after the other, in the order of the rule "nothing is derived from an original not known intact".
        // Side by side, re-verify's SHA-256 of the original (about 2 s of a core per hour of 1080p) would compete
        // for the core ffmpeg leaves, the one that hashes the proxy's segments as ffmpeg writes them.
        if (!done.Contains(ProcessingStep.Verify))
            await run.StepAsync(ProcessingStep.Verify, () => verify.RunAsync(pipeline, cancellationToken));
        if (!done.Contains(ProcessingStep.Proxy))
            await run.StepAsync(ProcessingStep.Proxy, () => proxy.RunAsync(pipeline, cancellationToken));
        if (!done.Contains(ProcessingStep.Thumbnails))
            await run.StepAsync(ProcessingStep.Thumbnails, () => thumbnails.RunAsync(pipeline, cancellationToken));
    }

    /// <summary>One execution of the job: marks steps running and done, and reports their progress.</summary>
    private sealed class Run(ProcessingSteps steps, string node, Guid recordingId, HashSet<string> done)
    {
        private readonly ConcurrentDictionary<string, Stopwatch> _lastReported = new(StringComparer.Ordinal);
        private readonly string _node = node;

        // One place per step where it starts and ends: where a step's duration would be measured.
        public async Task StepAsync(string step, Func<Task> body)
        {
            await steps.StartAsync(recordingId, step, _node, CancellationToken.None);
            try
            {
                await body();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new StepFailedException(step, e);
            }
            await steps.FinishAsync(recordingId, step, StepState.Done, null, CancellationToken.None);
            done.Add(step);
        }

        public Task ReportAsync(string step, double percent)
        {
            // Progress goes to the catalog at most once a second per step (the dashboard shows the job, the API its steps).
            var last = _lastReported.GetOrAdd(step, _ => Stopwatch.StartNew());
            lock (last)
            {
                if (last.ElapsedMilliseconds < 1000) return Task.CompletedTask;
                last.Restart();
            }
            return steps.ProgressAsync(recordingId, step, percent, CancellationToken.None);
        }
    }
}
