using System.Diagnostics;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Storage;
using Cameras.Transcode.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Runs a recording through probe, verify, proxy and thumbnails. Each step's state is kept in the catalog and a
/// step already done is skipped, so a run taken over by another node after a crash goes on where it stopped.
/// A failure is retried with backoff; the last failure stays visible on its step.
/// </summary>
[RetryPolicy(3, "00:00:05", 3.0)]
public sealed class ProcessRecordingJob(
    RecordingUpdates recordings, ProcessingSteps steps, IObjectStore store, IOptions<TranscodeOptions> options,
    ProbeStep probe, VerifyStep verify, ProxyStep proxy, ThumbnailStep thumbnails, FfmpegProbeReader probeReader,
    NpgsqlDataSource dataSource, ILogger<ProcessRecordingJob> logger) : IJob<ProcessRecording>
{
    public async ValueTask Execute(IJobExecutionContext context, ProcessRecording input, CancellationToken cancellationToken)
    {
        await using var lease = await RecordingLease.TryTakeAsync(dataSource, input.RecordingId, cancellationToken);
        if (lease is null)
        {
            logger.LogInformation("Recording {RecordingId} is being processed by another run", input.RecordingId);
            return;
        }
        var recording = await recordings.FindAsync(input.RecordingId, cancellationToken);
        if (recording is null || recording.Status is RecordingStatus.Quarantined or RecordingStatus.Unplayable or RecordingStatus.Ready)
            return;
        var node = context.Scheduler.SchedulerInstanceId;
        await steps.EnsureAsync(recording.Id, cancellationToken);
        await recordings.SetStatusAsync(recording.Id, RecordingStatus.Processing, null, cancellationToken);
        var done = (await steps.StatesAsync(recording.Id, cancellationToken))
            .Where(s => s.Value is StepState.Done).Select(s => s.Key).ToHashSet();

        await using var original = await OriginalFile.OpenAsync(store, recording.StorageKey, options.Value.ScratchPath, cancellationToken);
        string? step = null;
        var throttle = Stopwatch.StartNew();
        try
        {
            PipelineContext? pipeline = null;
            foreach (var name in ProcessingStep.All)
            {
                step = name;
                if (done.Contains(name)) continue;
                pipeline ??= new PipelineContext(recording, original, percent =>
                {
                    // Progress goes to the catalog at most once a second, and to Quartz for its own views.
                    context.ReportProgress((int)percent, step);
                    if (throttle.ElapsedMilliseconds < 1000) return Task.CompletedTask;
                    throttle.Restart();
                    return steps.ProgressAsync(recording.Id, step, percent, CancellationToken.None);
                });
                pipeline.Probe ??= done.Contains(ProcessingStep.Probe) ? await probeReader.ReadAsync(recording.Id, cancellationToken) : null;
                await steps.StartAsync(recording.Id, name, node, cancellationToken);
                await RunStepAsync(name, pipeline, cancellationToken);
                await steps.FinishAsync(recording.Id, name, StepState.Done, null, cancellationToken);
            }
            await recordings.SetStatusAsync(recording.Id, RecordingStatus.Ready, null, cancellationToken);
        }
        catch (StepStoppedException stopped)
        {
            await steps.FinishAsync(recording.Id, step!, StepState.Failed, stopped.Message, CancellationToken.None);
            await steps.SkipRemainingAsync(recording.Id, CancellationToken.None);
            await recordings.SetStatusAsync(recording.Id, stopped.Status, stopped.Message, CancellationToken.None);
            logger.LogWarning("Recording {RecordingId} is {Status}: {Reason}", recording.Id, stopped.Status, stopped.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException && step is not null)
        {
            await steps.FinishAsync(recording.Id, step, StepState.Failed, e.Message, CancellationToken.None);
            throw new JobExecutionException($"Step {step} of recording {recording.Id} failed: {e.Message}", e);
        }
    }

    private Task RunStepAsync(string step, PipelineContext context, CancellationToken cancellationToken) => step switch
    {
        ProcessingStep.Probe => probe.RunAsync(context, cancellationToken),
        ProcessingStep.Verify => verify.RunAsync(context, cancellationToken),
        ProcessingStep.Proxy => proxy.RunAsync(context, cancellationToken),
        ProcessingStep.Thumbnails => thumbnails.RunAsync(context, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown step {step}"),
    };
}
