using Microsoft.Extensions.Hosting;

namespace Cameras.Evidence.Database;

/// <summary>Brings the schema up to date before the server starts taking requests.</summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
