using System.Diagnostics;
using System.Security.Cryptography;
using Cameras.Evidence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// RTMP for native apps (Larix Broadcaster, OBS, RootEncoder apps): nginx with Debian's libnginx-mod-rtmp listens on
/// <c>Cameras:Live:RtmpPort</c> as this node's child process, with a configuration generated under the data folder.
/// nginx asks <see cref="RtmpPublishes"/> before admitting each publish; the callbacks' URL carries a secret drawn at
/// each start, so only our nginx reaches them.
/// </summary>
public sealed class RtmpGateway(
    IOptions<GatewayOptions> options, IOptions<EvidenceOptions> evidence, LocalIngest ingest, RtmpPublishes publishes,
    IHostApplicationLifetime lifetime, ILogger<RtmpGateway> logger) : IHostedService
{
    private GatewayProcess? _nginx;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RtmpPort == 0) return Task.CompletedTask;
        // The callbacks need Kestrel's address, known once the server listens.
        lifetime.ApplicationStarted.Register(() => _ = LaunchAsync());
        return Task.CompletedTask;
    }

    private async Task LaunchAsync()
    {
        var o = options.Value;
        if (!File.Exists(o.Nginx) || !File.Exists(o.RtmpModule))
        {
            logger.LogError("RTMP is off: {Nginx} or {Module} is missing (apt-get install nginx libnginx-mod-rtmp)", o.Nginx, o.RtmpModule);
            return;
        }
        var folder = Path.Combine(Path.GetFullPath(evidence.Value.Data), "gateway", "nginx");
        Directory.CreateDirectory(folder);
        StopLeftover(folder);
        publishes.Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var callbacks = new Uri(ingest.BaseUrl, $"internal/gateway/{publishes.Secret}/rtmp/");
        var host = o.GatewayHost ?? ingest.ListenHost;
        publishes.PlayBase = $"rtmp://{(host == "0.0.0.0" ? "127.0.0.1" : host)}:{o.RtmpPort}/live/";
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfig.Render(o.RtmpModule, folder, host, o.RtmpPort, callbacks, host == "0.0.0.0" ? "127.0.0.1" : host));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var start = new ProcessStartInfo(o.Nginx) { ArgumentList = { "-p", folder, "-c", config, "-e", "stderr" } };
        _nginx = new GatewayProcess("nginx", start, logger);
        if (await _nginx.StartAsync())
            logger.LogWarning("RTMP gateway listening on rtmp://{Host}:{Port}/live/FEED?token=TOKEN", host, o.RtmpPort);
    }

    /// <summary>An nginx of a previous run of this data folder that was not stopped (our process killed) holds the port.</summary>
    private void StopLeftover(string folder)
    {
        var pidFile = Path.Combine(folder, "nginx.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return;
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/cmdline");
            if (!command.Contains(folder, StringComparison.Ordinal)) return;
            logger.LogWarning("Stopping the nginx left by a previous run (pid {Pid})", pid);
            Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        await publishes.StopAllAsync();
    }
}
