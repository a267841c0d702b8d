using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cameras.Evidence.Retention;

/// <summary>
/// The daily purge and erasure of personal data past its term, as a plain timer: a minute after start, then every 24
/// hours, on evidence nodes (which need not run the worker role, so not a Hangfire job). Running on several nodes at
/// once is harmless: rows are locked one by one.
/// </summary>
internal sealed class RetentionService(RetentionPurge purge, PersonalErasure erasure, TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromHours(24);
                var purged = await purge.PurgeAsync(clock.GetUtcNow(), stoppingToken);
                if (purged.Count > 0) logger.LogInformation("Retention purge deleted {Count} recordings", purged.Count);
                var feeds = await purge.PurgeFeedsAsync(clock.GetUtcNow(), stoppingToken);
                if (feeds.Count > 0) logger.LogInformation("Retention purge erased the officer and position of {Count} live feeds", feeds.Count);
                var quarantined = await purge.PurgeQuarantineAsync(clock.GetUtcNow(), stoppingToken);
                if (quarantined.Count > 0) logger.LogInformation("Retention purge deleted {Count} quarantined uploads", quarantined.Count);
                var left = await purge.PurgeLeftSegmentsAsync(stoppingToken);
                if (left.Count > 0) logger.LogInformation("Retention purge deleted the stored segments an older purge left of {Count} live feeds", left.Count);
                var erased = await erasure.EraseAllDueAsync(stoppingToken);
                if (erased.Parts > 0) logger.LogInformation("Erased the personal data of {Count} traced operations at the end of their term", erased.Parts);
                if (erased.Names > 0) logger.LogInformation("Erased the names kept in {Count} shares, exports and cases past the register's term", erased.Names);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The retention purge failed; it runs again in an hour");
                delay = TimeSpan.FromHours(1);
            }
        }
    }
}
