using Cameras.Evidence.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>Hears, over LISTEN/NOTIFY, another node asking for an upload this node is writing, and lets it go.</summary>
internal sealed class LeaseReleaseListener(NpgsqlDataSource dataSource, UploadLeases leases, ILogger<LeaseReleaseListener> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dataSource.ListenAsync(
        new Listening([UploadLeases.ReleaseChannel], (_, payload) =>
        {
            if (Guid.TryParse(payload, out var id)) leases.OnReleaseRequested(id);
        }),
        logger, stoppingToken);
}
