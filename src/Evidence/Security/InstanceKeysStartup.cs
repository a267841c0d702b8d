using Microsoft.Extensions.Hosting;

namespace Cameras.Evidence.Security;

/// <summary>
/// Creates the instance keys when the server starts, not at the first request that needs one: the data folder holds
/// them from the first start on, so <c>cameras token</c> (which refuses a folder without them) works at once.
/// </summary>
internal sealed class InstanceKeysStartup(InstanceKeys keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var purpose in InstanceKeys.Purposes) keys.Get(purpose);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
