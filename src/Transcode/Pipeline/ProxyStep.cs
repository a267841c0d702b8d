using System.Diagnostics;
using System.Globalization;
using Cameras.Transcode.Ffmpeg;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// The playback proxy: HLS with fMP4 segments, which browsers play and seek in at once however long the
/// recording. H.264/AAC sources are remuxed without re-encoding; anything else (HEVC cameras) is transcoded.
/// </summary>
public sealed class ProxyStep(
    FfmpegTool ffmpeg, DerivativeStore derivatives, ScratchArea scratch, IOptions<TranscodeOptions> options, ILogger<ProxyStep> logger)
{
    public const string Kind = "proxy";
    public const string Playlist = "index.m3u8";

    public async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var probe = context.Probe ?? throw new InvalidOperationException("The proxy needs the probe's result.");
        var output = scratch.CreateFolder("proxy-");
        try
        {
            var command = Command(probe, options.Value);
            var progress = new Progress<double>(fraction => _ = context.ReportAsync(ProcessingStep.Proxy, fraction * 100));
            var clock = Stopwatch.StartNew();
            // Segments are hashed as ffmpeg closes them, so that once it exits little is left to do but rename them.
            // Not for a remote store: it hashes each file in the pass that uploads it, and hashing beforehand would
            // read it twice, the hasher's eviction sending that upload to the disk.
            await using var hasher = derivatives.ImportsFiles ? OutputHasher.Start(output.FullName, "seg_*.m4s", cancellationToken) : null;
            await ffmpeg.RunAsync(command.Resolve(context.Original.Path, output.FullName), probe.DurationSeconds, progress, cancellationToken);
            var ffmpegDone = clock.Elapsed;
            var digests = hasher is null ? null : await hasher.CompleteAsync(cancellationToken);
            var hashed = clock.Elapsed;
            var version = await ffmpeg.VersionAsync(cancellationToken);
            var proxy = await derivatives.RegisterAsync(context.Recording.Id, Kind, context.Recording.Sha256, version, [command.Tokens],
                output.FullName, digests, cancellationToken);
            // Where a proxy's time goes, for whoever tunes a worker: ffmpeg, then what is ours after it.
            logger.LogInformation(
                "Proxy of recording {RecordingId}: ffmpeg {FfmpegSeconds:0.00} s, last hashes {HashSeconds:0.00} s, stored and registered {StoreSeconds:0.00} s ({Files} files)",
                context.Recording.Id, ffmpegDone.TotalSeconds, (hashed - ffmpegDone).TotalSeconds, (clock.Elapsed - hashed).TotalSeconds,
                proxy.Files.Count);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>Whether the source's codecs can go into the proxy as they are.</summary>
    public static bool CanRemux(MediaProbe probe) => probe.VideoCodec == "h264" && probe.AudioCodec is null or "aac";

    /// <summary>The ffmpeg command, with <c>{input}</c> and <c>{output}</c> standing for the paths.</summary>
    public static FfmpegCommand Command(MediaProbe probe, TranscodeOptions options)
    {
        List<string> arguments = ["-map", "0:v:0", "-map", "0:a:0?"];
        if (CanRemux(probe)) arguments.AddRange(["-c", "copy"]);
        else
            arguments.AddRange(["-c:v", "libx264", "-preset", options.X264Preset, "-crf", "23", "-pix_fmt", "yuv420p",
                "-force_key_frames", $"expr:gte(t,n_forced*{options.SegmentSeconds})", "-c:a", "aac", "-b:a", "128k"]);
        // HLS with fMP4 segments: the muxer's own segment options, as custom arguments.
        arguments.AddRange(["-f", "hls", "-hls_time", options.SegmentSeconds.ToString(CultureInfo.InvariantCulture),
            "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
            "-hls_segment_filename", "{output}/seg_%05d.m4s"]);
        return new FfmpegCommand([new FfmpegInput([], "{input}")], arguments, $"{{output}}/{Playlist}");
    }
}
