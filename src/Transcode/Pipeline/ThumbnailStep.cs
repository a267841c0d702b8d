using System.Globalization;
using Cameras.Transcode.Ffmpeg;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// A poster image and timeline strips (10×10 tiles, one thumbnail every N seconds). Two ffmpeg runs: the first
/// copies out, without decoding anything, the keyframe that opens each N-second stretch of the original; the
/// second decodes only those. Cameras write a keyframe every second or two, and decoding all of them was two
/// thirds of a worker's time per recording.
/// </summary>
public sealed class ThumbnailStep(FfmpegTool ffmpeg, DerivativeStore derivatives, ScratchArea scratch, IOptions<TranscodeOptions> options)
{
    public const string Kind = "thumbnails";
    public const string Poster = "poster.jpg";
    /// <summary>The selected keyframes, passed from the first run to the second and not stored.</summary>
    public const string Keyframes = "keyframes.mp4";

    public async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var probe = context.Probe ?? throw new InvalidOperationException("Thumbnails need the probe's result.");
        var every = options.Value.ThumbnailEverySeconds;
        var commands = Commands(probe, every);
        var output = scratch.CreateFolder("thumbs-");
        try
        {
            // Selecting is a read of the original; decoding the selected frames is most of the work.
            const double selecting = 0.2;
            for (var i = 0; i < commands.Count; i++)
            {
                var (start, share) = commands.Count == 1 ? (0.0, 1.0) : i == 0 ? (0.0, selecting) : (selecting, 1 - selecting);
                var progress = new Progress<double>(fraction => _ = context.ReportAsync(ProcessingStep.Thumbnails, (start + share * fraction) * 100));
                await ffmpeg.RunAsync(commands[i].Resolve(context.Original.Path, output.FullName), probe.DurationSeconds,
                    progress, cancellationToken);
            }
            File.Delete(Path.Combine(output.FullName, Keyframes)); // none there after a single run
            var version = await ffmpeg.VersionAsync(cancellationToken);
            await derivatives.RegisterAsync(context.Recording.Id, Kind, context.Recording.Sha256, version, [.. commands.Select(c => c.Tokens)], output.FullName,
                null, cancellationToken);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The ffmpeg runs, in order. A clip of <see cref="SingleRunUpToSeconds"/> or less gets one run that decodes all
    /// its keyframes: a second process start would cost more than the few keyframes it saves (in a queue of
    /// one-second clips, jobs took a fifth longer with two runs).
    /// </summary>
    public static IReadOnlyList<FfmpegCommand> Commands(MediaProbe probe, int everySeconds) =>
        probe.DurationSeconds is null or > SingleRunUpToSeconds
            ? [SelectKeyframes(everySeconds, probe.VideoTimescale), Render(probe, everySeconds, new FfmpegInput([], $"{{output}}/{Keyframes}"))]
            : [Render(probe, everySeconds, new FfmpegInput(["-skip_frame", "nokey"], "{input}"))];

    public const double SingleRunUpToSeconds = 10;

    /// <summary>
    /// The first run: the original's keyframes only (the demuxer skips the rest unread where it can, the filter drops
    /// any left), of which a bitstream filter keeps the first at or after each multiple of
    /// <paramref name="everySeconds"/>, copied into an MP4. The filter's expression keeps the next boundary in its
    /// variable 0 from one packet to the next. It counts time in the output's units, which ffmpeg 5.1 hands it
    /// whatever time base it announces: so the output keeps the original's <paramref name="timescale"/>, and
    /// without one, every keyframe is kept (slower, still right).
    /// </summary>
    public static FfmpegCommand SelectKeyframes(int everySeconds, int? timescale)
    {
        var keep = "not(key)";
        List<string> units = [];
        if (timescale is { } n)
        {
            var t = $"(pts-startpts)/{n}";
            keep = $"if(key,if(gte({t},ld(0)),st(0,(floor({t}/{everySeconds})+1)*{everySeconds})*0,1),1)";
            units = ["-video_track_timescale", n.ToString(CultureInfo.InvariantCulture)];
        }
        // Commas are escaped: unescaped, they would separate bitstream filters. The filter is a custom argument.
        var drop = keep.Replace(",", "\\,", StringComparison.Ordinal);
        return new FfmpegCommand([new FfmpegInput(["-discard:v:0", "nokey"], "{input}")],
            ["-map", "0:v:0", "-c", "copy", "-bsf:v", $"noise=drop={drop}", .. units, "-f", "mp4"], $"{{output}}/{Keyframes}");
    }

    /// <summary>
    /// The last run, one ffmpeg for both outputs (a process start costs as much as a short clip's work): the
    /// original sought to the poster's frame, and the keyframes read by <paramref name="strips"/> (the input's
    /// options and path) tiled into strips; the poster, the first output, goes among the options of the last. The fps filter still
    /// places one frame per stretch, repeating the one before where a stretch has no keyframe of its own, so that
    /// tile k of the timeline stays at k × <paramref name="everySeconds"/>; at the end it passes the last frame on,
    /// without which a clip shorter than half a stretch got no strip at all.
    /// </summary>
    public static FfmpegCommand Render(MediaProbe probe, int everySeconds, FfmpegInput strips)
    {
        var at = Math.Min(1.0, (probe.DurationSeconds ?? 0) / 2).ToString("0.###", CultureInfo.InvariantCulture);
        return new FfmpegCommand([new FfmpegInput(["-ss", at], "{input}"), strips],
        [
            "-map", "0:v:0", "-frames:v", "1", "-vf", "scale=640:-2", "-q:v", "3", $"{{output}}/{Poster}",
            "-map", "1:v:0", "-vf", $"fps=1/{everySeconds}:eof_action=pass,scale=160:-2,tile=10x10", "-q:v", "5", "-fps_mode", "vfr",
        ], "{output}/strip_%03d.jpg");
    }
}
