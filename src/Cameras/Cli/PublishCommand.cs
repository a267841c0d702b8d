using System.CommandLine;
using System.Diagnostics;

namespace Cameras.Cli;

/// <summary>
/// <c>cameras publish</c>: pushes a live feed the way a terminal does, with ffmpeg underneath: progressive DASH/CMAF
/// (each frame a moof+mdat, sent as encoded in one chunked PUT per 1 s segment), H.264 with a keyframe every second,
/// no B-frames, zero-latency tuning, and a producer reference time (prft) in each fragment from which viewers measure
/// their delay; the sound in AAC (the dash muxer sends it as a stream of its own). <c>--input testsrc</c> is a moving test
/// pattern with the wall-clock time burnt in and a tone; <c>--input FILE</c> keeps the file's sound.
/// </summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "Server base URL (http://host:8080).", Required = true };
        var token = new Option<string>("--token") { Description = "A terminal token.", Required = true };
        var feed = new Option<string>("--feed") { Description = "Feed id (letters, digits, - and _), one per intervention.", Required = true };
        var input = new Option<string>("--input") { Description = "A media file, or testsrc (default).", DefaultValueFactory = _ => "testsrc" };
        var seconds = new Option<int?>("--seconds") { Description = "Stop after this many seconds (default: the whole file, or until Ctrl-C)." };
        var command = new Command("publish", "Push a live feed as a terminal does (ffmpeg, progressive DASH/CMAF over HTTP PUT).")
            { server, token, feed, input, seconds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var arguments = Arguments(result.GetValue(server)!, result.GetValue(token)!, result.GetValue(feed)!, result.GetValue(input)!, result.GetValue(seconds));
            if (arguments is null) return 2;
            using var ffmpeg = Process.Start(Start(arguments))!;
            try
            {
                await ffmpeg.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: ask ffmpeg to finish cleanly, so it sends the final manifest and the feed ends at once.
                Process.Start("kill", ["-INT", ffmpeg.Id.ToString()])?.WaitForExit();
                await ffmpeg.WaitForExitAsync(CancellationToken.None);
            }
            return ffmpeg.ExitCode == 0 ? 0 : 3;
        });
        return command;
    }

    /// <summary>The ffmpeg arguments; null (after saying why) when the request is wrong.</summary>
    public static List<string>? Arguments(string server, string token, string feed, string input, int? seconds)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var baseUri))
        {
            Console.Error.WriteLine("--server must be an absolute URL such as http://127.0.0.1:8080.");
            return null;
        }
        List<string> arguments = ["-hide_banner", "-nostdin", "-loglevel", "warning"];
        if (input == "testsrc")
        {
            const string font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
            var clock = File.Exists(font)
                ? $",drawtext=fontfile={font}:text='%{{localtime\\:%H\\\\\\:%M\\\\\\:%S}}.%{{eif\\:mod(t*1000\\,1000)\\:d\\:3}}':x=20:y=20:fontsize=40:fontcolor=white:box=1:boxcolor=black@0.6"
                : "";
            // A tone with a short beep each second, so an operator hears that sound comes through and in time.
            arguments.AddRange(["-re", "-f", "lavfi", "-i", $"testsrc2=size=640x360:rate=25{clock}",
                "-re", "-f", "lavfi", "-i", "sine=frequency=440:beep_factor=4:sample_rate=48000"]);
            arguments.AddRange(["-map", "0:v:0", "-map", "1:a:0"]);
        }
        else
        {
            if (!File.Exists(input)) { Console.Error.WriteLine($"No such file: {input}"); return null; }
            // The file's sound when it has some (the ? makes it optional).
            arguments.AddRange(["-re", "-i", input, "-map", "0:v:0", "-map", "0:a:0?"]);
        }
        if (seconds is > 0) arguments.AddRange(["-t", seconds.Value.ToString()]);
        var target = new UriBuilder(baseUri) { UserName = "terminal", Password = token, Path = $"/live/{Uri.EscapeDataString(feed)}/manifest.mpd" };
        arguments.AddRange([
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "25", "-keyint_min", "25",
            "-bf", "0", "-pix_fmt", "yuv420p", "-b:v", "1500k", "-maxrate", "1500k", "-bufsize", "750k",
            "-c:a", "aac", "-b:a", "96k", "-ar", "48000",
            "-f", "dash", "-strict", "experimental", "-ldash", "1", "-streaming", "1", "-lhls", "1", "-seg_duration", "1",
            "-use_template", "1", "-use_timeline", "0", "-format_options", "write_prft=wallclock", "-method", "PUT", target.Uri.ToString(),
        ]);
        return arguments;
    }

    private static ProcessStartInfo Start(List<string> arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }
}
