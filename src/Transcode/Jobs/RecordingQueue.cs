using System.Threading.Channels;
using Cameras.Evidence.Database;
using Cameras.Evidence.Recordings;
using Cameras.Transcode.Pipeline;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Turns received recordings into processing jobs. Ingest (on any node) announces each new recording with
/// <c>NOTIFY recording_received</c> in the transaction that registers it; a periodic sweep catches any announcement
/// missed while no worker listened. No outbox table: the recording's own row, status <c>received</c> and no step
/// claimed, committed with the upload, is the record that work is owed, and the sweep reads it. The job goes to the
/// <c>recordings</c> queue once per recording (<see cref="JobEnqueuer"/>), however often it is announced.
/// </summary>
public sealed class RecordingQueue(
    NpgsqlDataSource dataSource, JobEnqueuer jobs, ProcessingSteps steps, IOptions<TranscodeOptions> options,
    ILogger<RecordingQueue> logger)
    : BackgroundService
{
    public const string Channel = RecordingRegistry.ReceivedChannel;

    // Announcements are claimed one at a time, in the order they came: a burst (a dock offloading a hundred files)
    // then starts its first job at once instead of a hundred claims contending for the database together.
    private readonly Channel<Guid> _announced = System.Threading.Channels.Channel.CreateUnbounded<Guid>(
        new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var claiming = ClaimAnnouncedAsync(stoppingToken);
        await dataSource.ListenAsync(new Listening([Channel], (_, payload) =>
        {
            if (Guid.TryParse(payload, out var id)) _announced.Writer.TryWrite(id);
        })
        {
            CatchUp = SweepAsync, CatchUpEvery = TimeSpan.FromSeconds(options.Value.SweepSeconds),
        }, logger, stoppingToken);
        await claiming;
    }

    private async Task ClaimAnnouncedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in _announced.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await ClaimAndScheduleAsync(id, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The sweep schedules it later; the next announcement must not wait on this one.
                    logger.LogError(e, "Could not claim recording {RecordingId} for processing", id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Schedules the received recordings nobody claimed (a notification missed while no worker listened), those
    /// claimed but never enqueued (the claiming node died between the two: found once <c>ClusterFailoverSeconds</c> have
    /// passed) and those claimed long ago whose job never started. Enqueueing is once per recording, so a recording
    /// whose claimer is enqueueing it at this moment still gets one job.
    /// </summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var unclaimed = await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT id FROM recordings r WHERE status = @received
            AND NOT EXISTS (SELECT 1 FROM processing_steps s WHERE s.recording_id = r.id)
            ORDER BY received_at LIMIT 1000
            """, new { received = RecordingStatus.Received }, cancellationToken: cancellationToken));
        foreach (var id in unclaimed) await ClaimAndScheduleAsync(id, cancellationToken);
        var stranded = await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT id FROM recordings r WHERE status = @received
            AND NOT EXISTS (SELECT 1 FROM processing_steps s WHERE s.recording_id = r.id AND s.state <> 'pending')
            AND (received_at < now() - interval '10 minutes'
                 OR (received_at < now() - make_interval(secs => @failover)
                     AND NOT EXISTS (SELECT 1 FROM job_enqueues j WHERE j.kind = @kind AND j.subject = r.id::text)))
            ORDER BY received_at LIMIT 1000
            """, new { received = RecordingStatus.Received, failover = (double)options.Value.ClusterFailoverSeconds, kind = Kind },
            cancellationToken: cancellationToken));
        foreach (var id in stranded) await ScheduleAsync(id, cancellationToken);
    }

    private async Task ClaimAndScheduleAsync(Guid recordingId, CancellationToken cancellationToken)
    {
        try
        {
            // Every worker hears the notification; the one whose claim creates the step rows schedules the job.
            if (await steps.EnsureAsync(recordingId, cancellationToken)) await ScheduleAsync(recordingId, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException)
        {
            logger.LogError(e, "Could not claim recording {RecordingId} for processing", recordingId);
        }
    }

    private async Task ScheduleAsync(Guid recordingId, CancellationToken cancellationToken)
    {
        try
        {
            var retries = options.Value.RecordingRetryPolicy;
            await jobs.EnqueueOnceAsync<ProcessRecordingJob>(Kind, recordingId.ToString(), JobQueues.Recordings,
                job => job.RunAsync(recordingId, retries, null, CancellationToken.None), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not enqueue the processing of recording {RecordingId}", recordingId);
        }
    }

    /// <summary>The kind of work in <c>job_enqueues</c>.</summary>
    public const string Kind = "recording";
}
