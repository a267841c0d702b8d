using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Cameras.Transcode.Ffmpeg;

/// <summary>
/// Runs ffmpeg and ffprobe: arguments as a list (never a shell string), progress parsed from
/// <c>-progress pipe:1</c>, the tail of stderr kept for errors, and the process killed on cancellation.
/// </summary>
public sealed class FfmpegRunner(ILogger<FfmpegRunner> logger)
{
    private const int StderrTailChars = 16 * 1024;
    private string? _version;

    public const string Ffmpeg = "ffmpeg";
    public const string Ffprobe = "ffprobe";

    /// <summary>The first line of <c>ffmpeg -version</c>, recorded in each derived file's lineage.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        if (_version is not null) return _version;
        var output = await RunAsync(Ffmpeg, ["-hide_banner", "-version"], null, cancellationToken);
        return _version = output.Split('\n', 2)[0].Trim();
    }

    public async Task<MediaProbe> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        var json = await RunAsync(Ffprobe,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", input], null, cancellationToken);
        return MediaProbe.Parse(json);
    }

    /// <summary>Runs ffmpeg with <paramref name="arguments"/>; <paramref name="progress"/> gets the fraction done (0–1) of <paramref name="durationSeconds"/>.</summary>
    public Task TranscodeAsync(IReadOnlyList<string> arguments, double? durationSeconds, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        List<string> full = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-progress", "pipe:1", .. arguments];
        Action<string>? onLine = progress is null || durationSeconds is not > 0 ? null : line =>
        {
            // out_time_us is the position reached in the output, in microseconds.
            if (line.StartsWith("out_time_us=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(12), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros) && micros >= 0)
                progress.Report(Math.Clamp(micros / 1e6 / durationSeconds.Value, 0, 1));
        };
        return RunAsync(Ffmpeg, full, onLine, cancellationToken);
    }

    private async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, Action<string>? onStdoutLine,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readOut = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (onStdoutLine is null) stdout.AppendLine(line);
                else onStdoutLine(line);
            }
        }, CancellationToken.None);
        var readErr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                stderr.AppendLine(line);
                if (stderr.Length > 2 * StderrTailChars) stderr.Remove(0, stderr.Length - StderrTailChars);
            }
        }, CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            logger.LogInformation("{Tool} cancelled and killed", tool);
            throw;
        }
        await Task.WhenAll(readOut, readErr);
        if (process.ExitCode != 0)
            throw new FfmpegException(tool, process.ExitCode, stderr.ToString()[^Math.Min(stderr.Length, StderrTailChars)..]);
        return stdout.ToString();
    }
}
