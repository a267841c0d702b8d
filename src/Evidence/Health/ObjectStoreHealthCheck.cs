using Cameras.Evidence.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cameras.Evidence.Health;

internal sealed class ObjectStoreHealthCheck(IObjectStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The object store is not reachable.", e);
        }
    }
}
