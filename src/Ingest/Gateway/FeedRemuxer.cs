using System.Diagnostics;
using Cameras.Evidence.Live;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// One native-app publish (RTMP or SRT) on its way into the ingest: ffmpeg remuxes it, without re-encoding
/// (<c>-c copy</c>: H.264 and AAC as the app sent them), to fragmented MP4 on its standard output, a fragment every
/// 100 ms with a producer time (prft, set to the fragment's arrival here: <see cref="ProducerTime"/>); each media segment starts at a video keyframe once the previous one has lasted a
/// second, and streams to the ingest as one progressive PUT. When the publish ends the last segment is completed and
/// the feed ended at once (end-of-list).
/// </summary>
public sealed class FeedRemuxer(FeedUploader uploader, TimeProvider clock, ILogger logger)
{
    // A keyframe a little before the second is still the one that closes it (the wall clock here lags the media's).
    private static readonly TimeSpan SegmentLength = TimeSpan.FromMilliseconds(800);

    /// <summary>ffmpeg's arguments after its input ones: copy, fMP4 to stdout. MPEG-TS (SRT) carries AAC as ADTS, whose
    /// decoder configuration the bitstream filter finds only in the first packet: delay_moov waits for it, else the
    /// init segment's esds is empty and no player takes the sound.</summary>
    public static readonly string[] OutputArguments =
    [
        "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-bsf:a", "aac_adtstoasc",
        "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+delay_moov+default_base_moof", "-frag_duration", "100000",
        "-write_prft", "wallclock", "-flush_packets", "1", "pipe:1",
    ];

    /// <summary>Starts ffmpeg with these input arguments (before <see cref="OutputArguments"/>).</summary>
    public static Process StartFfmpeg(IEnumerable<string> inputArguments, bool feedStdin)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = feedStdin,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-fflags", "+nobuffer", "-analyzeduration", "1000000",
                     "-probesize", "1000000", .. inputArguments, .. OutputArguments])
            start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
    }

    /// <summary>Pushes what ffmpeg writes until its output ends; then ends the feed.</summary>
    public async Task RunAsync(Process ffmpeg, CancellationToken cancellationToken)
    {
        var feed = uploader.Identity.Feed;
        var errors = ffmpeg.StandardError.ReadToEndAsync(CancellationToken.None);
        var answers = new List<Task<PushAnswer>>();
        SegmentUpload? segment = null;
        VideoKeyframes? keyframes = null;
        InitSegment? tracks = null;
        var segmentStarted = DateTimeOffset.MinValue;
        var prefix = $"{uploader.Identity.Source}{clock.GetUtcNow().ToUnixTimeSeconds()}";
        var number = 0;
        var pushed = false;
        try
        {
            var reader = new Fmp4Reader(ffmpeg.StandardOutput.BaseStream, 64 << 20);
            await foreach (var unit in reader.ReadAsync(cancellationToken))
            {
                if (unit.IsInit)
                {
                    keyframes = new VideoKeyframes(unit.Bytes);
                    tracks = InitSegment.Parse(unit.Bytes);
                    var init = await uploader.PutAsync("init.mp4", unit.Bytes, cancellationToken);
                    if (!Accepted("init.mp4", init)) return;
                    pushed = true;
                    continue;
                }
                if (keyframes is null || tracks is null) continue;
                var now = clock.GetUtcNow();
                ProducerTime.Stamp(unit.Bytes, now, tracks, keyframes.Track);
                if (keyframes.StartsWithKeyframe(unit.Bytes) && (segment is null || now - segmentStarted >= SegmentLength))
                {
                    if (segment is not null) answers.Add(segment.CompleteAsync());
                    if (answers.FirstOrDefault(a => a.IsCompleted && !a.Result.Accepted) is { } refused && !Accepted("segment", refused.Result)) return;
                    answers.RemoveAll(a => a.IsCompleted);
                    segment = uploader.Begin($"{prefix}-{number++:D6}.m4s");
                    segmentStarted = now;
                }
                if (segment is not null) await segment.WriteAsync(unit.Bytes, cancellationToken);
            }
            if (segment is not null) { answers.Add(segment.CompleteAsync()); segment = null; }
            foreach (var answer in await Task.WhenAll(answers)) Accepted("segment", answer);
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("Remux of feed {Feed} stopped: {Message}", feed, e.Message);
        }
        finally
        {
            if (segment is not null) await segment.AbortAsync();
            if (!ffmpeg.HasExited) ffmpeg.Kill(entireProcessTree: true);
            await ffmpeg.WaitForExitAsync(CancellationToken.None);
            var stderr = (await errors).Trim();
            if (stderr.Length > 0) logger.LogInformation("ffmpeg for feed {Feed}: {Errors}", feed, stderr.Length > 600 ? stderr[^600..] : stderr);
            // A publish that never got media through (a caller that gave up during the handshake, and will try again) leaves
            // the feed live for its retry; the silence timeout ends it if none comes.
            if (pushed)
            {
                var ended = await uploader.EndAsync(CancellationToken.None);
                logger.LogInformation("Feed {Feed} from {Source} ended ({Status})", feed, uploader.Identity.Source, ended.Status);
            }
        }
    }

    private bool Accepted(string name, PushAnswer answer)
    {
        if (answer.Accepted) return true;
        logger.LogWarning("Ingest refused {Name} of feed {Feed} from {Source}: {Status} {Detail}", name, uploader.Identity.Feed,
            uploader.Identity.Source, answer.Status, answer.Detail);
        return false;
    }
}
