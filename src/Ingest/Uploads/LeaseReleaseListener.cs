using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>Hears, over LISTEN/NOTIFY, another node asking for an upload this node is writing, and lets it go.</summary>
internal sealed class LeaseReleaseListener(NpgsqlDataSource dataSource, UploadLeases leases, ILogger<LeaseReleaseListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id)) leases.OnReleaseRequested(id);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {UploadLeases.ReleaseChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException)
            {
                // The database is not there yet (start-up) or went away: listen again shortly.
                logger.LogDebug(e, "lease listener reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
