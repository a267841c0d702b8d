using System.Globalization;
using Cameras.Transcode.Ffmpeg;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode.Pipeline;

/// <summary>A poster image and timeline strips (10×10 tiles, one thumbnail every N seconds), decoding keyframes only.</summary>
public sealed class ThumbnailStep(FfmpegRunner ffmpeg, DerivativeStore derivatives, ScratchArea scratch, IOptions<TranscodeOptions> options)
{
    public const string Kind = "thumbnails";
    public const string Poster = "poster.jpg";

    public async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var probe = context.Probe ?? throw new InvalidOperationException("Thumbnails need the probe's result.");
        var arguments = Arguments(probe, options.Value.ThumbnailEverySeconds);
        var output = scratch.CreateFolder("thumbs-");
        try
        {
            var progress = new Progress<double>(fraction => _ = context.ReportAsync(ProcessingStep.Thumbnails, fraction * 100));
            await ffmpeg.TranscodeAsync(ProxyStep.Resolve(arguments, context.Original.Path, output.FullName), probe.DurationSeconds, progress, cancellationToken);
            var version = await ffmpeg.VersionAsync(cancellationToken);
            await derivatives.RegisterAsync(context.Recording.Id, Kind, context.Recording.Sha256, version, [arguments], output.FullName,
                null, cancellationToken);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>
    /// One ffmpeg for both outputs (a process start costs as much as a short clip's work): the original opened
    /// twice, once sought to the poster's frame, once decoding keyframes only for the strips.
    /// </summary>
    public static IReadOnlyList<string> Arguments(MediaProbe probe, int everySeconds)
    {
        var at = Math.Min(1.0, (probe.DurationSeconds ?? 0) / 2).ToString("0.###", CultureInfo.InvariantCulture);
        return
        [
            "-ss", at, "-i", "{input}", "-skip_frame", "nokey", "-i", "{input}",
            "-map", "0:v:0", "-frames:v", "1", "-vf", "scale=640:-2", "-q:v", "3", $"{{output}}/{Poster}",
            "-map", "1:v:0", "-vf", $"fps=1/{everySeconds},scale=160:-2,tile=10x10", "-q:v", "5", "-fps_mode", "vfr",
            "{output}/strip_%03d.jpg",
        ];
    }
}
