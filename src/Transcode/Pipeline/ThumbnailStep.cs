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
        var every = options.Value.ThumbnailEverySeconds;
        var at = Math.Min(1.0, (probe.DurationSeconds ?? 0) / 2).ToString("0.###", CultureInfo.InvariantCulture);
        IReadOnlyList<string> poster = ["-ss", at, "-i", "{input}", "-frames:v", "1", "-vf", "scale=640:-2", "-q:v", "3", $"{{output}}/{Poster}"];
        IReadOnlyList<string> strips = ["-skip_frame", "nokey", "-i", "{input}", "-vf",
            $"fps=1/{every},scale=160:-2,tile=10x10", "-q:v", "5", "-fps_mode", "vfr", "{output}/strip_%03d.jpg"];

        var output = scratch.CreateFolder("thumbs-");
        try
        {
            await ffmpeg.TranscodeAsync(ProxyStep.Resolve(poster, context.Original.Path, output.FullName), null, null, cancellationToken);
            await context.ReportAsync(ProcessingStep.Thumbnails, 10);
            var progress = new Progress<double>(fraction => _ = context.ReportAsync(ProcessingStep.Thumbnails, 10 + fraction * 90));
            await ffmpeg.TranscodeAsync(ProxyStep.Resolve(strips, context.Original.Path, output.FullName), probe.DurationSeconds, progress, cancellationToken);
            var version = await ffmpeg.VersionAsync(cancellationToken);
            await context.Verified.WaitAsync(cancellationToken);
            await derivatives.RegisterAsync(context.Recording.Id, Kind, context.Recording.Sha256, version, [poster, strips], output.FullName,
                null, cancellationToken);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
