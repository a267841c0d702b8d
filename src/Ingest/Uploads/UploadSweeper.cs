using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>Expiration: deletes unfinished uploads whose time is up, and their bytes, once a minute.</summary>
public sealed class UploadSweeper(UploadStore store, UploadLeases leases, StagingArea staging, UploadHashers hashers,
    ILogger<UploadSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException)
            {
                logger.LogWarning(e, "Expired uploads could not be swept; trying again in a minute");
            }
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var upload in await store.ExpiredAsync(DateTimeOffset.UtcNow, cancellationToken))
        {
            await using var lease = await leases.AcquireAsync(upload.Id, cancellationToken);
            if (lease is null) continue; // being written: not abandoned after all
            var current = await store.FindAsync(upload.Id, cancellationToken);
            if (current is null || !current.IsExpired(DateTimeOffset.UtcNow)) continue;
            hashers.Forget(upload.Id);
            staging.Delete(upload.Id);
            await store.DeleteAsync(upload.Id, cancellationToken);
            logger.LogInformation("Upload {Upload} ({Filename}) expired unfinished at {Offset} bytes; deleted", upload.Id, upload.Dock.Filename, upload.Offset);
        }
    }
}
