using System.Diagnostics;
using Cameras.Cli;
using Cameras.Evidence.Live;
using Cameras.Evidence.Security;

namespace Cameras.Demo;

/// <summary>
/// <c>cameras serve --demo</c>: once the server listens, pushes a generated live feed to it (the moving test pattern with
/// the time burnt in, through <c>cameras publish</c>'s ffmpeg arguments), so a new user sees a tile at once. The feed
/// id carries the start time: a feed id is used once.
/// </summary>
internal sealed class DemoFeed(LiveNodeAddress self, TokenIssuer tokens, IHostApplicationLifetime lifetime, ILogger<DemoFeed> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var feed = $"demo-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var token = tokens.Issue(Roles.Terminal, "demo-terminal", TimeSpan.FromDays(30));
        var arguments = PublishCommand.Arguments(self.Url, token, feed, "testsrc", null)!;
        var info = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var ffmpeg = Process.Start(info)!;
        logger.LogWarning("Demo live feed {Feed} started: open the dashboard to watch it", feed);
        try
        {
            await ffmpeg.WaitForExitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            Process.Start("kill", ["-INT", ffmpeg.Id.ToString()])?.WaitForExit();
            await ffmpeg.WaitForExitAsync(CancellationToken.None);
        }
    }
}
