using System.Diagnostics;

namespace Cameras.TestSupport;

/// <summary>ffmpeg pushing a moving test pattern the two ways terminals do: HLS (whole fMP4 segments) and
/// progressive DASH/CMAF (each segment streamed fragment by fragment in one chunked PUT).</summary>
public static class Pusher
{
    private static readonly string[] Encode =
    [
        "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p",
    ];

    /// <summary>Whole segments after each cut; <paramref name="baseUrl"/> ends with the feed's folder and a slash.</summary>
    public static Process Hls(string baseUrl, int seconds) => Start([.. Encode, "-t", seconds.ToString(),
        "-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4", "-hls_playlist_type", "event", "-method", "PUT",
        baseUrl + "index.m3u8"]);

    /// <summary>Progressive: one moof+mdat per frame, each sent as it is encoded.</summary>
    public static Process Dash(string baseUrl, int seconds) => Start([.. Encode, "-t", seconds.ToString(),
        "-f", "dash", "-strict", "experimental", "-ldash", "1", "-streaming", "1", "-lhls", "1", "-seg_duration", "1",
        "-use_template", "1", "-use_timeline", "0", "-format_options", "write_prft=wallclock", "-method", "PUT", baseUrl + "manifest.mpd"]);

    private static Process Start(string[] arguments) => ExternalProcess.Start("ffmpeg", arguments, new Dictionary<string, string?>());

    public static async Task WaitAsync(Process ffmpeg, TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await ffmpeg.WaitForExitAsync(wait.Token);
        if (ffmpeg.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg exited with {ffmpeg.ExitCode}: {await ffmpeg.StandardError.ReadToEndAsync()}");
    }
}
