using System.Diagnostics;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>
/// ffmpeg pushing a moving test pattern with a tone in AAC, as a terminal with sound does: HLS (<c>-hls_segment_type
/// fmp4</c>: picture and sound muxed in each segment) or progressive DASH (the sound a stream of its own). The token goes
/// in a header (<c>-headers</c> for hls; <c>-http_opts headers=…</c> for dash, CRLF-separated) or in the URL as the
/// password.
/// </summary>
public static class SoundPusher
{
    public enum Token { Header, Url }

    private static readonly string[] Encode =
    [
        "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
        "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-map", "0:v:0", "-map", "1:a:0",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k",
    ];

    public static Process Start(string mode, Uri server, string feed, string subject, string token, Token carry, int seconds,
        string? source = null)
    {
        var folder = carry == Token.Url
            ? new UriBuilder(server) { UserName = subject, Password = token, Path = $"/live/{feed}/" }.Uri.ToString()
            : new Uri(server, $"/live/{feed}/").ToString();
        var headers = carry == Token.Header ? $"Authorization: Bearer {token}\r\n" : "";
        if (source is not null) headers += $"X-Source: {source}\r\n";
        return StartTo(mode, folder, headers, seconds);
    }

    /// <summary>Pushes to <paramref name="folder"/> (the feed's URL, ending with a slash) with these extra header lines.</summary>
    public static Process StartTo(string mode, string folder, string headers, int seconds)
    {
        List<string> arguments = [.. Encode, "-t", seconds.ToString()];
        if (mode == "hls")
        {
            if (headers.Length > 0) arguments.AddRange(["-headers", headers]);
            arguments.AddRange(["-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4", "-hls_playlist_type", "event",
                "-method", "PUT", folder + "index.m3u8"]);
        }
        else
        {
            // The dash muxer's HTTP options are a dictionary: ':' escaped, headers separated by real CR LF.
            if (headers.Length > 0) arguments.AddRange(["-http_opts", "headers=" + headers.Replace(":", "\\:")]);
            arguments.AddRange(["-f", "dash", "-strict", "experimental", "-ldash", "1", "-streaming", "1", "-lhls", "1", "-seg_duration", "1",
                "-use_template", "1", "-use_timeline", "0", "-format_options", "write_prft=wallclock", "-method", "PUT", folder + "manifest.mpd"]);
        }
        return ExternalProcess.Start("ffmpeg", arguments, new Dictionary<string, string?>());
    }

    /// <summary>Real init and media segments made by ffmpeg into a folder (for pushes a test writes itself): HLS fMP4,
    /// picture only or picture and sound.</summary>
    public static async Task<string> FilesAsync(bool sound, int seconds = 2)
    {
        var folder = Directory.CreateTempSubdirectory("cameras-live-media-").FullName;
        List<string> arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25"];
        if (sound) arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-map", "0:v:0", "-map", "1:a:0", "-c:a", "aac"]);
        arguments.AddRange(["-t", seconds.ToString(), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p",
            "-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod", Path.Combine(folder, "index.m3u8")]);
        var result = await ExternalProcess.RunAsync("ffmpeg", arguments);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stderr);
        return folder;
    }

    /// <summary>Real DASH files with sound made by ffmpeg into a folder: init-stream0.m4s (picture), init-stream1.m4s
    /// (sound), chunk-streamN-0000K.m4s, one second each.</summary>
    public static async Task<string> DashFilesAsync(int seconds)
    {
        var folder = Directory.CreateTempSubdirectory("cameras-live-dash-").FullName;
        var result = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-map", "0:v:0", "-map", "1:a:0", "-c:a", "aac", "-t", seconds.ToString(), "-c:v", "libx264", "-preset", "ultrafast",
            "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "dash", "-seg_duration", "1", "-use_template", "1", "-use_timeline", "0",
            Path.Combine(folder, "manifest.mpd")]);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stderr);
        return folder;
    }
}
