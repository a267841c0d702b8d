using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>What the terminal, RTMP and SRT tests share: a server with its RTMP and SRT listeners on ports of its own,
/// publish keys, the browser scripts, and what the database holds for a feed.</summary>
internal static class TerminalTestKit
{
    public static async Task<(TestServer Server, int RtmpPort, int SrtPort)> StartAsync()
    {
        var rtmp = FreeTcpPort();
        var srt = FreeUdpPort();
        var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"), new Dictionary<string, string?>
        {
            ["Cameras:Live:RtmpPort"] = rtmp.ToString(),
            ["Cameras:Live:SrtPort"] = srt.ToString(),
            ["Cameras:Live:GatewayHost"] = "127.0.0.1",
            // These tests check the stored segments' codecs and that a refusal stores nothing beside what was kept.
            ["Cameras:Live:Record"] = "full",
        });
        await Eventually.ThatAsync(() => Task.FromResult(Listening(rtmp)), up => up, TimeSpan.FromSeconds(30), "nginx listening for RTMP");
        return (server, rtmp, srt);
    }

    public static async Task<string> PublishKeyAsync(TestServer server, string terminal)
    {
        using var client = server.ClientFor(Roles.Terminal, terminal);
        var response = await client.PostAsync("/terminal/keys", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>An ffmpeg that pushes as Larix does: H.264 (keyframe every second) with AAC sound, for some seconds.</summary>
    public static System.Diagnostics.Process Push(string format, string url, int seconds) =>
        ExternalProcess.Start("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", seconds.ToString(),
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-f", format, url,
        ], new Dictionary<string, string?>());

    public static Task<ExternalProcess.Result> DashboardTileAsync(TestServer server, string feed, string screenshot) =>
        ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-tile.mjs"),
            server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-terminals"), feed, Screenshot(screenshot)],
            timeout: TimeSpan.FromMinutes(3));

    public static string Screenshot(string name)
    {
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, ".test-results");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public static List<JsonElement> Steps(ExternalProcess.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    /// <summary>Claims <paramref name="feed"/> for <paramref name="terminal"/> as a pusher does: an accepted init and media
    /// segment (real ffmpeg output). A playlist alone claims nothing: a feed starts with its first accepted segment.</summary>
    public static async Task ClaimAsync(TestServer server, string feed, string terminal)
    {
        var folder = await SoundPusher.FilesAsync(sound: true, seconds: 1);
        try
        {
            using var owner = server.ClientFor(Roles.Terminal, terminal);
            foreach (var name in new[] { "init.mp4", "index0.m4s" })
                Assert.Equal(HttpStatusCode.NoContent, (await owner.PutAsync($"/live/{feed}/{name}",
                    new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(folder, name))))).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public sealed record FeedRow(string Terminal, string? Camera, string? Officer, string State, int Segments, string? EndReason);

    public static async Task<FeedRow?> FeedAsync(TestServer server, string feed)
    {
        await using var connection = new NpgsqlConnection(server.DatabaseConnectionString);
        return await connection.QuerySingleOrDefaultAsync<FeedRow>(
            "SELECT terminal, camera, officer, state, segments, end_reason AS EndReason FROM live_feeds WHERE id = @feed", new { feed });
    }

    public static async Task<long> LedgerEventsAsync(TestServer server, string feed)
    {
        await using var connection = new NpgsqlConnection(server.DatabaseConnectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM custody_events WHERE subject_id = @feed", new { feed });
    }

    public static async Task<List<(string Name, string Kind, string Key)>> SegmentsAsync(TestServer server, string feed)
    {
        await using var connection = new NpgsqlConnection(server.DatabaseConnectionString);
        return (await connection.QueryAsync<(string, string, string)>(
            "SELECT name, kind, storage_key FROM live_segments WHERE feed_id = @feed ORDER BY seq", new { feed })).ToList();
    }

    /// <summary>Waits until the feed has ended and returns its row.</summary>
    public static async Task<FeedRow> EndedAsync(TestServer server, string feed)
    {
        var row = await Eventually.ThatAsync(() => FeedAsync(server, feed), r => r is { State: "ended" }, TimeSpan.FromSeconds(40), $"feed {feed} to end");
        return row!;
    }

    /// <summary>The codecs ffprobe finds in the feed's stored init segment followed by its first media segment.</summary>
    public static async Task<string> StoredCodecsAsync(TestServer server, string feed)
    {
        var segments = await SegmentsAsync(server, feed);
        var init = segments.First(s => s.Kind == "init");
        var media = segments.First(s => s.Kind == "media");
        var file = Path.Combine(server.DataFolder, "probe-" + feed + ".mp4");
        await using (var output = File.Create(file))
            foreach (var key in new[] { init.Key, media.Key })
                await using (var input = File.OpenRead(Path.Combine(server.DataFolder, "objects", key))) await input.CopyToAsync(output);
        var probe = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file]);
        return string.Join(",", probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
    }
}
