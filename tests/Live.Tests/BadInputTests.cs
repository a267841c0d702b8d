using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>
/// What a terminal can get wrong is refused with a clear problem+json and leaves nothing stored (no feed row, no
/// segment, no ledger event, no object; Record=full, so that the object store is in play), and the feeds that were
/// fine go on: a first push of garbage or of too much (which used to claim the feed id for ever), a bad X-Source, a
/// new init whose codecs differ from the feed's, a second terminal pushing to a feed that is not its own.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _video = null!, _sound = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"), new Dictionary<string, string?>
        {
            ["Cameras:Live:Record"] = "full", ["Cameras:Live:MaxSegmentBytes"] = (256 * 1024).ToString(),
        });
        _video = await SoundPusher.FilesAsync(sound: false);
        _sound = await SoundPusher.FilesAsync(sound: true);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_video, recursive: true);
        Directory.Delete(_sound, recursive: true);
    }

    [Fact]
    public async Task A_refused_first_push_leaves_no_feed()
    {
        using var terminal = _server.ClientFor(Roles.Terminal, "terminal-new");
        var before = await StoredAsync();
        await AssertProblemAsync(await terminal.PutAsync("/live/newfeed/seg0.m4s", new ByteArrayContent(RandomBytes(4096))), 415, "live-not-fmp4");
        var big = new byte[300 * 1024];
        BinaryPrimitives.WriteUInt32BigEndian(big, (uint)big.Length);
        "mdat"u8.CopyTo(big.AsSpan(4));
        await AssertProblemAsync(await terminal.PutAsync("/live/newfeed/seg1.m4s", new ByteArrayContent(big)), 413, "live-segment-too-large");
        var init = await File.ReadAllBytesAsync(Path.Combine(_video, "init.mp4"));
        await AssertProblemAsync(await terminal.PutAsync("/live/newfeed/init.mp4", new ByteArrayContent(init[..^10])), 400, "live-truncated");
        var badSource = new HttpRequestMessage(HttpMethod.Put, "/live/newfeed/init.mp4") { Content = new ByteArrayContent(init) };
        badSource.Headers.Add("X-Source", "carrier-pigeon");
        await AssertProblemAsync(await terminal.SendAsync(badSource), 400, "live-bad-source");
        Assert.Equal(before, await StoredAsync());

        // The id is still free: the same terminal (or any other) starts it with its first good segment.
        using var other = _server.ClientFor(Roles.Terminal, "terminal-other");
        var good = new HttpRequestMessage(HttpMethod.Put, "/live/newfeed/init.mp4") { Content = new ByteArrayContent(init) };
        good.Headers.Add("X-Source", "browser");
        Assert.Equal(HttpStatusCode.NoContent, (await other.SendAsync(good)).StatusCode);
        await using var db = new NpgsqlConnection(_server.DatabaseConnectionString);
        Assert.Equal(("terminal-other", "browser"), await db.QuerySingleAsync<(string, string)>("SELECT terminal, source FROM live_feeds WHERE id = 'newfeed'"));
    }

    [Fact]
    public async Task Codecs_that_change_mid_feed_are_refused_and_the_feed_goes_on()
    {
        using var terminal = _server.ClientFor(Roles.Terminal, "terminal-codecs");
        var init = await File.ReadAllBytesAsync(Path.Combine(_video, "init.mp4"));
        Assert.Equal(HttpStatusCode.NoContent, (await terminal.PutAsync("/live/codecs/init.mp4", Body(_video, "init.mp4"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await terminal.PutAsync("/live/codecs/index0.m4s", Body(_video, "index0.m4s"))).StatusCode);
        var before = await StoredAsync();

        // A pusher restarted with sound: its new init has a picture and a sound track where the feed had a picture only.
        var changed = await terminal.PutAsync("/live/codecs/init.mp4", Body(_sound, "init.mp4"));
        var problem = await AssertProblemAsync(changed, 409, "live-codecs-changed");
        Assert.Contains("mp4a.40.2", problem);
        Assert.Contains("new feed id", problem);
        Assert.Equal(before, await StoredAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await terminal.PutAsync("/live/codecs/index1.m4s", Body(_video, "index1.m4s"))).StatusCode);
        using var op = _server.ClientFor(Roles.Operator);
        Assert.Equal(init, await op.GetByteArrayAsync("/relay/codecs/init.mp4?reason=test"));
        var playlist = await op.GetStringAsync("/relay/codecs/index.m3u8?reason=test");
        Assert.Contains("index1.m4s", playlist);
    }

    [Fact]
    public async Task A_second_terminal_and_garbage_change_nothing_and_other_feeds_go_on()
    {
        using var owner = _server.ClientFor(Roles.Terminal, "terminal-owner");
        using var intruder = _server.ClientFor(Roles.Terminal, "terminal-intruder");
        using var bystander = _server.ClientFor(Roles.Terminal, "terminal-bystander");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PutAsync("/live/owned2/init.mp4", Body(_video, "init.mp4"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bystander.PutAsync("/live/other2/init.mp4", Body(_sound, "init.mp4"))).StatusCode);
        var before = await StoredAsync();

        await AssertProblemAsync(await intruder.PutAsync("/live/owned2/index0.m4s", Body(_video, "index0.m4s")), 403, "live-feed-claimed");
        await AssertProblemAsync(await intruder.PutAsync("/live/owned2/init.mp4", Body(_sound, "init.mp4")), 403, "live-feed-claimed");
        await AssertProblemAsync(await owner.PutAsync("/live/owned2/index0.m4s", new ByteArrayContent(RandomBytes(2000))), 415, "live-not-fmp4");
        Assert.Equal(before, await StoredAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await bystander.PutAsync("/live/other2/index0.m4s", Body(_sound, "index0.m4s"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PutAsync("/live/owned2/index0.m4s", Body(_video, "index0.m4s"))).StatusCode);
        using var op = _server.ClientFor(Roles.Operator);
        Assert.Contains("index0.m4s", await op.GetStringAsync("/relay/other2/index.m3u8?reason=test"));
        Assert.Contains("index0.m4s", await op.GetStringAsync("/relay/owned2/index.m3u8?reason=test"));
        await using var db = new NpgsqlConnection(_server.DatabaseConnectionString);
        Assert.Equal("terminal-owner", await db.ExecuteScalarAsync<string>("SELECT terminal FROM live_feeds WHERE id = 'owned2'"));
    }

    private static ByteArrayContent Body(string folder, string name) => new(File.ReadAllBytes(Path.Combine(folder, name)));

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        return body;
    }

    /// <summary>Everything a push could leave: catalog rows, ledger events, objects in the store.</summary>
    private async Task<(long Feeds, long Segments, long Events, int Objects)> StoredAsync()
    {
        await using var db = new NpgsqlConnection(_server.DatabaseConnectionString);
        var objects = Path.Combine(_server.DataFolder, "objects");
        return (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM live_feeds"),
            await db.ExecuteScalarAsync<long>("SELECT count(*) FROM live_segments"),
            await db.ExecuteScalarAsync<long>("SELECT count(*) FROM custody_events WHERE subject_kind = 'feed'"),
            Directory.Exists(objects) ? Directory.GetFiles(objects, "*", SearchOption.AllDirectories).Length : 0);
    }
}
