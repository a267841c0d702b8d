using Cameras.Evidence.Custody;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// Once a minute (and at start, after a crash): finishes uploads whose completion was cut off and that no client came
/// back for (<see cref="UploadCompletion"/>), then deletes unfinished uploads whose time is up, and their bytes.
/// </summary>
public sealed class UploadSweeper(UploadStore store, UploadLeases leases, StagingArea staging, UploadHashers hashers,
    UploadCompletion completion, TimeProvider clock, ILogger<UploadSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException)
            {
                logger.LogWarning(e, "Uploads could not be swept; trying again in a minute");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await FinishCutOffAsync(cancellationToken);
        foreach (var upload in await store.ExpiredAsync(clock.GetUtcNow(), cancellationToken))
        {
            await using var lease = await leases.AcquireAsync(upload.Id, cancellationToken);
            if (lease is null) continue; // being written: not abandoned after all
            var current = await store.FindAsync(upload.Id, cancellationToken);
            // A whole file is never thrown away: it is finished instead (above, or at the next sweep if that failed).
            if (current is null || !current.IsExpired(clock.GetUtcNow()) || current.NeedsFinishing) continue;
            hashers.Forget(upload.Id);
            staging.Delete(upload.Id);
            await store.DeleteAsync(upload.Id, cancellationToken);
            logger.LogInformation("Upload {Upload} ({Filename}) expired unfinished at {Offset} bytes; deleted", upload.Id, upload.Dock.Filename, upload.Offset);
        }
    }

    private async Task FinishCutOffAsync(CancellationToken cancellationToken)
    {
        foreach (var upload in await store.UnfinishedAsync(cancellationToken))
        {
            // Never takes an upload from a request working on it (a HEAD would ask it to let go; the sweep does not).
            await using var lease = await leases.TryAcquireAsync(upload.Id, cancellationToken);
            if (lease is null) continue;
            var current = await store.FindAsync(upload.Id, cancellationToken);
            if (current is not { NeedsFinishing: true }) continue;
            try
            {
                var finished = await completion.FinishAsync(current, CustodyActor.System);
                logger.LogInformation("Upload {Upload} ({Filename}) was whole but unregistered; finished by the sweep: {State}",
                    upload.Id, upload.Dock.Filename, finished.State);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Upload {Upload} could not be finished; the next sweep (or the dock's HEAD) tries again", upload.Id);
            }
        }
    }
}
