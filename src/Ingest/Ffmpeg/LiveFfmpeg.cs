using System.Diagnostics;
using Cameras.Evidence;
using FFMpegCore;
using FFMpegCore.Arguments;

namespace Cameras.Ingest.Ffmpeg;

/// <summary>
/// A long-running ffmpeg (a terminal's live push, the gateway's remux) through FFMpegCore: options, inputs (each with
/// the options before its <c>-i</c>), the output's options; the output is given at the run (a URL, a file, or
/// FFMpegCore's pipe sink). <see cref="Tokens"/> is the argument vector ffmpeg receives, checked before each run.
/// </summary>
public sealed record LiveFfmpeg(IReadOnlyList<string> Options, IReadOnlyList<LiveFfmpegInput> Inputs, IReadOnlyList<string> OutputOptions)
{
    /// <summary>The argument vector with <paramref name="output"/> (its path or URL as FFMpegCore writes it).</summary>
    public IReadOnlyList<string> Tokens(IOutputArgument output) =>
    [
        .. Options,
        .. Inputs.SelectMany(i => (IEnumerable<string>)[.. i.Options, .. CommandLine.Split(i.Argument.Text)]),
        .. OutputOptions, .. CommandLine.Split(output.Text),
    ];

    /// <summary>
    /// Runs ffmpeg to its end, each line of its error output to <paramref name="onError"/>. Cancelling sends it
    /// <c>q</c>, so it finishes its output as on its own end (a DASH push sends its last manifest, an fMP4 its last
    /// fragment), and kills it if it is still there <paramref name="stopGrace"/> later. FFMpegCore does not report the
    /// exit code of a cancelled run; <see cref="LiveFfmpegResult.Stopped"/> says whether ffmpeg ended within the grace.
    /// </summary>
    public async Task<LiveFfmpegResult> RunAsync(IOutputArgument output, Action<string> onError, TimeSpan stopGrace,
        CancellationToken cancellationToken)
    {
        var first = Inputs[0];
        // An empty custom argument adds nothing: FFMpegCore leaves empty texts out of the command line.
        var arguments = FFMpegArguments.FromInput(first.Argument, o => o.WithCustomArgument(CommandLine.Join([.. Options, .. first.Options])));
        foreach (var input in Inputs.Skip(1)) arguments = arguments.AddInput(input.Argument, o => o.WithCustomArgument(CommandLine.Join(input.Options)));
        var processor = arguments.OutputTo(output, o => o.WithCustomArgument(CommandLine.Join(OutputOptions)));
        CommandLine.SplitExactly(processor.Arguments, Tokens(output));
        processor.NotifyOnStandardError(onError).CancellableThrough(cancellationToken, stopGrace);

        Stopwatch? sinceCancel = null;
        using var registration = cancellationToken.Register(() => sinceCancel = Stopwatch.StartNew());
        var result = await processor.ProcessAsynchronously(throwOnError: false);
        return result.Cancelled
            ? new LiveFfmpegResult(null, sinceCancel?.Elapsed < stopGrace)
            : new LiveFfmpegResult(result.ExitCode, false);
    }
}

/// <summary>An input of a <see cref="LiveFfmpeg"/>: the options before its <c>-i</c>, and FFMpegCore's input (a URL,
/// a file, or its pipe source).</summary>
public sealed record LiveFfmpegInput(IReadOnlyList<string> Options, IInputArgument Argument)
{
    public static LiveFfmpegInput Url(string url, params string[] options) => new(options, new InputArgument(url, false));
}

/// <summary>How a <see cref="LiveFfmpeg"/> run ended: its exit code when it ended by itself; when it was cancelled, no
/// code (FFMpegCore keeps it), and whether it stopped within the grace (it finished its output) or was killed.</summary>
public sealed record LiveFfmpegResult(int? ExitCode, bool Stopped)
{
    public bool Succeeded => ExitCode == 0 || Stopped;
}
