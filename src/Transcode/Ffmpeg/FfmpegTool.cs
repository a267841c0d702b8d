using Cameras.Evidence;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Logging;

namespace Cameras.Transcode.Ffmpeg;

/// <summary>
/// ffmpeg and ffprobe through FFMpegCore: <see cref="FFProbe"/> for the probe (its typed model), the argument
/// processor for every run, with its progress notification and its cancellation (which kills ffmpeg). A run returns
/// the argument vector ffmpeg received, byte for byte, which is what the lineage records.
/// </summary>
public sealed class FfmpegTool(ILogger<FfmpegTool> logger)
{
    private const int StderrTailLines = 40;
    private string? _version;

    /// <summary>The first line of <c>ffmpeg -version</c>, recorded in each derived file's lineage.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        if (_version is not null) return _version;
        var result = await Instances.Instance.FinishAsync(GlobalFFOptions.GetFFMpegBinaryPath(), "-hide_banner -version", cancellationToken);
        if (result.ExitCode != 0) throw new FfmpegException("ffmpeg", string.Join("\n", result.ErrorData));
        return _version = result.OutputData.FirstOrDefault()?.Trim() ?? throw new FfmpegException("ffmpeg", "ffmpeg -version printed nothing");
    }

    public async Task<MediaProbe> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        try
        {
            return MediaProbe.From(await FFProbe.AnalyseAsync(input, cancellationToken: cancellationToken));
        }
        catch (FormatNullException)
        {
            throw new FfmpegException("ffprobe", "ffprobe found no format in the file");
        }
        catch (FFMpegException e)
        {
            throw new FfmpegException("ffprobe", e.Message);
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/>; <paramref name="progress"/> gets the fraction done (0–1) of
    /// <paramref name="durationSeconds"/>. Returns the argument vector that ran.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunAsync(FfmpegCommand command, double? durationSeconds, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var first = command.Inputs[0];
        // The fixed options go with the first input: ffmpeg takes global options anywhere before the outputs.
        var arguments = FFMpegArguments.FromFileInput(first.Path, verifyExists: false,
            options => options.WithCustomArgument(CommandLine.Join([.. FfmpegCommand.Prefix, .. first.Options])));
        foreach (var input in command.Inputs.Skip(1))
            arguments = arguments.AddFileInput(input.Path, verifyExists: false, options =>
            {
                if (input.Options.Count > 0) options.WithCustomArgument(CommandLine.Join(input.Options));
            });
        var processor = arguments.OutputToFile(command.Output, overwrite: false, options =>
        {
            if (command.OutputOptions.Count > 0) options.WithCustomArgument(CommandLine.Join(command.OutputOptions));
        });
        // What FFMpegCore hands the process is one string; it must split into exactly the vector the lineage records.
        var ran = CommandLine.SplitExactly(processor.Arguments, command.Tokens);

        var stderr = new Queue<string>();
        processor.NotifyOnStandardError(line =>
        {
            if (ProgressLine(line)) return;
            lock (stderr)
            {
                stderr.Enqueue(line);
                if (stderr.Count > StderrTailLines) stderr.Dequeue();
            }
        });
        if (progress is not null && durationSeconds is > 0)
            processor.NotifyOnPercentageProgress(percent => progress.Report(Math.Clamp(percent / 100, 0, 1)), TimeSpan.FromSeconds(durationSeconds.Value));
        processor.CancellableThrough(cancellationToken, TimeSpan.Zero);
        try
        {
            await processor.ProcessAsynchronously(throwOnError: true, cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("ffmpeg cancelled and killed");
            throw;
        }
        catch (FFMpegException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (stderr) throw new FfmpegException("ffmpeg", string.Join("\n", stderr));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return ran;
    }

    // -progress pipe:2 writes key=value lines to stderr between ffmpeg's own messages.
    private static bool ProgressLine(string line)
    {
        var equals = line.IndexOf('=');
        return equals > 0 && line.AsSpan(0, equals).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz_0123456789") < 0;
    }
}
