using System.Text;
using Cameras.Evidence.Live;
using Cameras.Ingest.Ffmpeg;
using FFMpegCore.Arguments;
using FFMpegCore.Pipes;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// One native-app publish (RTMP or SRT) on its way into the ingest: ffmpeg remuxes it, without re-encoding
/// (<c>-c copy</c>: H.264 and AAC as the app sent them), to fragmented MP4, a fragment every
/// 100 ms with a producer time (prft, set to the fragment's arrival here: <see cref="ProducerTime"/>); each media segment starts at a video keyframe once the previous one has lasted a
/// second, and streams to the ingest as one progressive PUT. When the publish ends the last segment is completed and
/// the feed ended at once (end-of-list).
/// </summary>
public sealed class FeedRemuxer(FeedUploader uploader, TimeProvider clock, ILogger logger)
{
    // A keyframe a little before the second is still the one that closes it (the wall clock here lags the media's).
    private static readonly TimeSpan SegmentLength = TimeSpan.FromMilliseconds(800);

    /// <summary>How long ffmpeg has, once told to stop (<c>q</c>), to write out what it holds before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    /// <summary>ffmpeg's options before its input's: no banner, errors only, and no input buffering or long probing.</summary>
    public static readonly string[] Options =
        ["-hide_banner", "-loglevel", "error", "-fflags", "+nobuffer", "-analyzeduration", "1000000", "-probesize", "1000000"];

    /// <summary>ffmpeg's output options: copy, fMP4 (to FFMpegCore's pipe sink). MPEG-TS (SRT) carries AAC as ADTS, whose
    /// decoder configuration the bitstream filter finds only in the first packet: delay_moov waits for it, else the
    /// init segment's esds is empty and no player takes the sound.</summary>
    public static readonly string[] OutputArguments =
    [
        "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-bsf:a", "aac_adtstoasc",
        "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+delay_moov+default_base_moof", "-frag_duration", "100000",
        "-write_prft", "wallclock", "-flush_packets", "1",
    ];

    private bool _pushed;

    /// <summary>
    /// Remuxes <paramref name="input"/> through ffmpeg (FFMpegCore) and pushes what it writes until its output ends;
    /// then ends the feed. ffmpeg writes to FFMpegCore's pipe sink, a Unix socket read here as ffmpeg flushes each
    /// fragment (nothing buffers between them; ffmpeg 5.1 writes the same bytes there as to a pipe). Cancelling stops
    /// ffmpeg (<c>q</c>: it writes out its last fragment; killed after <see cref="StopGrace"/>), and so does a refusal.
    /// </summary>
    public async Task RunAsync(LiveFfmpegInput input, CancellationToken cancellationToken)
    {
        var feed = uploader.Identity.Feed;
        var errors = new StringBuilder();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The sink reads to the end of ffmpeg's output, not to FFMpegCore's token, which is cancelled as soon as ffmpeg
        // exits: the last fragments are still in the socket then.
        var sink = new StreamPipeSink((output, _) => PushAsync(output, stop));
        try
        {
            await new LiveFfmpeg(Options, [input], OutputArguments).RunAsync(new OutputPipeArgument(sink), line =>
            {
                lock (errors) errors.AppendLine(line);
            }, StopGrace, stop.Token);
        }
        finally
        {
            string stderr;
            lock (errors) stderr = errors.ToString().Trim();
            if (stderr.Length > 0) logger.LogInformation("ffmpeg for feed {Feed}: {Errors}", feed, stderr.Length > 600 ? stderr[^600..] : stderr);
            // A publish that never got media through (a caller that gave up during the handshake, and will try again) leaves
            // the feed live for its retry; the silence timeout ends it if none comes.
            if (_pushed)
            {
                var ended = await uploader.EndAsync(CancellationToken.None);
                logger.LogInformation("Feed {Feed} from {Source} ended ({Status})", feed, uploader.Identity.Source, ended.Status);
            }
        }
    }

    /// <summary>Pushes what ffmpeg writes until its output ends; a refusal stops ffmpeg.</summary>
    private async Task PushAsync(Stream output, CancellationTokenSource stop)
    {
        var feed = uploader.Identity.Feed;
        var answers = new List<Task<PushAnswer>>();
        SegmentUpload? segment = null;
        VideoKeyframes? keyframes = null;
        InitSegment? tracks = null;
        var segmentStarted = DateTimeOffset.MinValue;
        var prefix = $"{uploader.Identity.Source}{clock.GetUtcNow().ToUnixTimeSeconds()}";
        var number = 0;
        var whole = false;
        try
        {
            var reader = new Fmp4Reader(output, 64 << 20);
            await foreach (var unit in reader.ReadAsync(CancellationToken.None))
            {
                if (unit.IsInit)
                {
                    keyframes = new VideoKeyframes(unit.Bytes);
                    tracks = InitSegment.Parse(unit.Bytes);
                    var init = await uploader.PutAsync("init.mp4", unit.Bytes, CancellationToken.None);
                    if (!Accepted("init.mp4", init)) return;
                    _pushed = true;
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
                if (segment is not null) await segment.WriteAsync(unit.Bytes, CancellationToken.None);
            }
            if (segment is not null) { answers.Add(segment.CompleteAsync()); segment = null; }
            whole = true;
            foreach (var answer in await Task.WhenAll(answers)) Accepted("segment", answer);
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("Remux of feed {Feed} stopped: {Message}", feed, e.Message);
        }
        finally
        {
            if (segment is not null) await segment.AbortAsync();
            // Output no longer read (a refusal, a stream that is not fMP4): ffmpeg is stopped, not left writing.
            if (!whole) await stop.CancelAsync();
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
