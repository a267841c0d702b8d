using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary><c>cameras publish</c> pushes sound: a file's own (AAC here), and a tone with <c>testsrc</c>; the relay serves
/// both picture and sound (ffprobe on its HLS playlist), and a file without sound still publishes its picture.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_keeps_the_files_sound_and_gives_testsrc_a_tone()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var media = Directory.CreateTempSubdirectory("cameras-publish-").FullName;
        try
        {
            var withSound = Path.Combine(media, "sound.mp4");
            var silent = Path.Combine(media, "silent.mp4");
            foreach (var (file, sound) in new[] { (withSound, true), (silent, false) })
            {
                List<string> arguments = ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"];
                if (sound) arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=880:sample_rate=44100", "-c:a", "aac"]);
                arguments.AddRange(["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", file]);
                Assert.Equal(0, (await ExternalProcess.RunAsync("ffmpeg", arguments)).ExitCode);
            }
            var token = server.Token(Roles.Terminal, "terminal-pub");
            var runs = new[] { ("pub-file", withSound), ("pub-silent", silent), ("pub-testsrc", "testsrc") }.Select(r =>
                ExternalProcess.CamerasAsync("publish", "--server", server.Address.ToString(), "--token", token, "--feed", r.Item1,
                    "--input", r.Item2, "--seconds", "4")).ToList();
            foreach (var result in await Task.WhenAll(runs)) Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);

            foreach (var (feed, sound) in new[] { ("pub-file", true), ("pub-silent", false), ("pub-testsrc", true) })
            {
                var probe = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "default=nw=1",
                    new Uri(server.Address, $"/relay/{feed}/index.m3u8?reason=test&access_token={server.Token(Roles.Operator)}").ToString()]);
                Assert.True(probe.ExitCode == 0, probe.Stderr);
                Assert.Contains("codec_name=h264", probe.Stdout);
                Assert.Equal(sound, probe.Stdout.Contains("codec_name=aac"));
            }
        }
        finally
        {
            Directory.Delete(media, recursive: true);
        }
    }

    /// <summary>Ctrl-C (SIGINT) stops <c>cameras publish</c> cleanly: FFMpegCore tells ffmpeg to stop, ffmpeg sends its
    /// final manifest (the feed ends by end-of-list, not by silence), exits, and publish exits 0.</summary>
    [Fact]
    public async Task Sigint_stops_ffmpeg_which_ends_the_feed_and_publish_exits_0()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var token = server.Token(Roles.Terminal, "terminal-sigint");
        // SIGINT reset to its default first: a test run started in the background of a script inherits SIGINT ignored
        // (the shell's rule for background jobs), and .NET, like ffmpeg, then leaves it ignored, as a background job must.
        using var publish = ExternalProcess.Start("env", ["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "publish",
            "--server", server.Address.ToString(), "--token", token, "--feed", "pub-sigint", "--input", "testsrc"]);
        var output = new System.Text.StringBuilder();
        publish.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        publish.BeginErrorReadLine();
        publish.BeginOutputReadLine();
        await Eventually.ThatAsync(() => TerminalTestKit.FeedAsync(server, "pub-sigint"), f => f is { Segments: >= 3 }, TimeSpan.FromSeconds(60),
            "the published feed's first segments");
        var ffmpeg = Children(publish.Id).Single(pid => File.ReadAllText($"/proc/{pid}/comm").Trim() == "ffmpeg");

        Assert.Equal(0, (await ExternalProcess.RunAsync("kill", ["-INT", publish.Id.ToString()])).ExitCode);
        // ffmpeg has PublishCommand's 5 s grace to finish, then is killed: 30 s is the bound under any load. Past it, the
        // failure says what was still running and what publish printed (a hang is otherwise silent).
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try { await publish.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException)
            {
                var left = string.Join("; ", Children(publish.Id).Select(Describe));
                var state = Describe(publish.Id);
                publish.Kill(entireProcessTree: true);
                lock (output) Assert.Fail($"publish still running 30 s after SIGINT ({state}); its children: [{left}]; it printed: {output}");
            }
        }
        lock (output) Assert.True(publish.ExitCode == 0, $"exit {publish.ExitCode}: {output}");
        Assert.False(Directory.Exists($"/proc/{ffmpeg}") && File.ReadAllText($"/proc/{ffmpeg}/comm").Trim() == "ffmpeg", "ffmpeg left running");
        var feed = await TerminalTestKit.EndedAsync(server, "pub-sigint");
        Assert.Equal("end-of-list", feed.EndReason);
    }

    /// <summary>A process's name, state and, per thread, where it waits in the kernel: what a hung stop was doing.</summary>
    private static string Describe(int pid)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            var status = File.ReadAllLines($"/proc/{pid}/status");
            string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name + ":"))?.Split(':')[1].Trim() ?? "?";
            var state = $"{Field("State")}, signals ignored {Field("SigIgn")}";
            var waits = Directory.GetDirectories($"/proc/{pid}/task")
                .Select(t => { try { return File.ReadAllText(Path.Combine(t, "wchan")); } catch (IOException) { return "?"; } })
                .GroupBy(w => w).Select(g => $"{g.Key}×{g.Count()}");
            return $"{pid} {comm} {state}, threads waiting in {string.Join(",", waits)}";
        }
        catch (IOException) { return $"{pid} gone"; }
    }

    private static List<int> Children(int parent) =>
        ProcFs.Where(pid => File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1] == parent.ToString());
}
