using System.CommandLine;
using Cameras.Ingest.Ffmpeg;
using FFMpegCore.Arguments;

namespace Cameras.Cli;

/// <summary>
/// <c>cameras publish</c>: pushes a live feed the way a terminal does, with ffmpeg underneath: progressive DASH/CMAF
/// (each frame a moof+mdat, sent as encoded in one chunked PUT per 1 s segment), H.264 with a keyframe every second,
/// no B-frames, zero-latency tuning, and a producer reference time (prft) in each fragment from which viewers measure
/// their delay; the sound in AAC (the dash muxer sends it as a stream of its own). <c>--input testsrc</c> is a moving test
/// pattern with the wall-clock time burnt in and a tone; <c>--input FILE</c> keeps the file's sound. ffmpeg runs through
/// FFMpegCore; Ctrl-C (SIGINT, SIGTERM) tells it to stop (<c>q</c>), so it sends the final manifest and the feed ends at
/// once; exit 0 when ffmpeg ended by itself or so, 2 for a wrong request, 3 when ffmpeg failed or had to be killed.
/// </summary>
internal static class PublishCommand
{
    /// <summary>How long ffmpeg has, once told to stop, to send its last segments and manifest before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

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
            var push = Arguments(result.GetValue(server)!, result.GetValue(token)!, result.GetValue(feed)!, result.GetValue(input)!, result.GetValue(seconds));
            if (push is null) return 2;
            // A Ctrl-C typed in a terminal reaches ffmpeg too (one process group): it then ends its stream on its own
            // signal (exit 255, "Exiting normally"), within the grace as well.
            var ran = await RunAsync(push.Value, Console.Error.WriteLine, cancellationToken);
            return ran.Succeeded ? 0 : 3;
        });
        return command;
    }

    /// <summary>Pushes with ffmpeg until it ends or <paramref name="cancellationToken"/> stops it (see <see cref="StopGrace"/>).</summary>
    public static Task<LiveFfmpegResult> RunAsync((LiveFfmpeg Command, string Target) push, Action<string> onError, CancellationToken cancellationToken) =>
        push.Command.RunAsync(new OutputUrlArgument(push.Target), onError, StopGrace, cancellationToken);

    /// <summary>The ffmpeg command and the URL it pushes to; null (after saying why) when the request is wrong.</summary>
    public static (LiveFfmpeg Command, string Target)? Arguments(string server, string token, string feed, string input, int? seconds)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var baseUri))
        {
            Console.Error.WriteLine("--server must be an absolute URL such as http://127.0.0.1:8080.");
            return null;
        }
        // No -nostdin: ffmpeg reads q from its input, which is how FFMpegCore tells it to stop.
        string[] options = ["-hide_banner", "-loglevel", "warning"];
        List<LiveFfmpegInput> inputs;
        List<string> arguments = [];
        if (input == "testsrc")
        {
            const string font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
            var clock = File.Exists(font)
                ? $",drawtext=fontfile={font}:text='%{{localtime\\:%H\\\\\\:%M\\\\\\:%S}}.%{{eif\\:mod(t*1000\\,1000)\\:d\\:3}}':x=20:y=20:fontsize=40:fontcolor=white:box=1:boxcolor=black@0.6"
                : "";
            // A tone with a short beep each second, so an operator hears that sound comes through and in time.
            inputs = [LiveFfmpegInput.Url($"testsrc2=size=640x360:rate=25{clock}", "-re", "-f", "lavfi"),
                LiveFfmpegInput.Url("sine=frequency=440:beep_factor=4:sample_rate=48000", "-re", "-f", "lavfi")];
            arguments.AddRange(["-map", "0:v:0", "-map", "1:a:0"]);
        }
        else
        {
            if (!File.Exists(input)) { Console.Error.WriteLine($"No such file: {input}"); return null; }
            // The file's sound when it has some (the ? makes it optional).
            inputs = [LiveFfmpegInput.Url(input, "-re")];
            arguments.AddRange(["-map", "0:v:0", "-map", "0:a:0?"]);
        }
        if (seconds is > 0) arguments.AddRange(["-t", seconds.Value.ToString()]);
        var target = new UriBuilder(baseUri) { UserName = "terminal", Password = token, Path = $"/live/{Uri.EscapeDataString(feed)}/manifest.mpd" };
        arguments.AddRange([
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "25", "-keyint_min", "25",
            "-bf", "0", "-pix_fmt", "yuv420p", "-b:v", "1500k", "-maxrate", "1500k", "-bufsize", "750k",
            "-c:a", "aac", "-b:a", "96k", "-ar", "48000",
            "-f", "dash", "-strict", "experimental", "-ldash", "1", "-streaming", "1", "-lhls", "1", "-seg_duration", "1",
            "-use_template", "1", "-use_timeline", "0", "-format_options", "write_prft=wallclock", "-method", "PUT",
        ]);
        return (new LiveFfmpeg(options, inputs, arguments), target.Uri.ToString());
    }
}
