using System.Diagnostics;
using Cameras.Cli;
using Cameras.Evidence;
using Cameras.Ingest.Ffmpeg;
using FFMpegCore.Arguments;
using Microsoft.Extensions.Options;
using Cameras.Evidence.Live;
using Cameras.Evidence.Security;

namespace Cameras.Demo;

/// <summary>
/// <c>cameras serve --demo</c>: once the server listens, docks a generated sample recording (through
/// <c>cameras dock</c>, as a dock station would; docking it again on the next start adds nothing) and pushes a generated live feed to it (the moving test pattern with
/// the time burnt in, through <c>cameras publish</c>'s ffmpeg command, FFMpegCore underneath), so a new user sees a tile at once. The feed
/// id carries the start time: a feed id is used once.
/// </summary>
internal sealed class DemoFeed(LiveNodeAddress self, TokenIssuer tokens, IOptions<EvidenceOptions> evidence, IHostApplicationLifetime lifetime,
    TimeProvider clock, ILogger<DemoFeed> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        await DockSampleAsync(stoppingToken);
        var feed = $"demo-{clock.GetUtcNow():yyyyMMddHHmmss}";
        var token = tokens.Issue(Roles.Terminal, "demo-terminal", TimeSpan.FromDays(30));
        var push = PublishCommand.Arguments(self.Url, token, feed, "testsrc", null)!.Value;
        logger.LogWarning("Demo live feed {Feed} started: open the dashboard to watch it", feed);
        // Stopping the server stops ffmpeg as Ctrl-C stops `cameras publish` (q: the final manifest ends the feed).
        // ffmpeg's lines are the dash muxer's known notices while all goes well: kept at Debug, and the last few
        // repeated at Warning if the feed ends on its own with an error (the server refused it, say).
        var last = new Queue<string>();
        var ran = await PublishCommand.RunAsync(push, line =>
        {
            logger.LogDebug("ffmpeg for demo feed {Feed}: {Line}", feed, line);
            lock (last) { last.Enqueue(line); if (last.Count > 5) last.Dequeue(); }
        }, stoppingToken);
        // When the server stops, its own endpoint goes away under ffmpeg's last upload: whatever ffmpeg says then is no failure.
        if (ran.Succeeded || stoppingToken.IsCancellationRequested)
            logger.LogInformation("Demo live feed {Feed} ended", feed);
        else
            lock (last) logger.LogWarning("Demo live feed {Feed} failed (ffmpeg exit code {Code}): {Lines}", feed, ran.ExitCode, string.Join(" | ", last));
    }

    private async Task DockSampleAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(evidence.Value.Data, "demo");
        Directory.CreateDirectory(folder);
        var sample = Path.Combine(folder, "DEMO-0001.mp4");
        if (!File.Exists(sample)
            && (await new LiveFfmpeg(["-hide_banner", "-loglevel", "error"],
                    [LiveFfmpegInput.Url("testsrc2=size=640x360:rate=25", "-f", "lavfi"), LiveFfmpegInput.Url("sine=frequency=440", "-f", "lavfi")],
                    ["-t", "20", "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", "-shortest", "-movflags", "+faststart", "-f", "mp4"])
                .RunAsync(new OutputArgument(sample + ".part", true), line => logger.LogWarning("ffmpeg for the demo recording: {Line}", line),
                    TimeSpan.Zero, cancellationToken)).ExitCode == 0)
            File.Move(sample + ".part", sample);
        var token = tokens.Issue(Roles.Dock, "demo-dock", TimeSpan.FromHours(1));
        // Run as `dotnet cameras.dll` or as the published `cameras`.
        string[] entry = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? [System.Reflection.Assembly.GetEntryAssembly()!.Location] : [];
        var code = await RunAsync(Environment.ProcessPath!, [.. entry, "dock", folder, "--server", self.Url, "--token", token,
            "--camera", "DEMO-CAM", "--officer", "DEMO-7", "--station", "DEMO"], cancellationToken);
        logger.LogWarning("Demo recording docked from {Folder} (exit code {Code})", folder, code);
    }

    private static async Task<int> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }
}
