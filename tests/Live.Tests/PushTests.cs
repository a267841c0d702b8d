using System.Security.Cryptography;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>With Cameras:Live:Record=full, ffmpeg pushes a 20 s test pattern both ways; what the relay serves is what was pushed, byte for byte; each
/// segment is stored and chained; the feed ends; its segments become one recording; a view is in the access log.</summary>
public sealed class PushTests
{
    [Theory]
    [InlineData("hls")]
    [InlineData("dash")]
    public async Task Pushed_feed_is_relayed_stored_chained_and_assembled(string mode)
    {
        // Segments stored as evidence and assembled: Record=full (the default, hashes, stores none: RecordModeTests).
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,worker,commandroom,evidence"),
            new Dictionary<string, string?> { ["Cameras:Live:Record"] = "full" });
        var feed = "cam-" + mode;
        await using var proxy = await RecordingProxy.StartAsync(server.Address, server.Token(Roles.Terminal, "terminal-7"));
        var folder = new Uri(proxy.Address, $"/live/{feed}/").ToString();
        using var ffmpeg = mode == "hls" ? Pusher.Hls(folder, 20) : Pusher.Dash(folder, 20);
        using var op = server.ClientFor(Roles.Operator, "op-1");
        // A recording of the same camera (the feed id, no X-Camera sent) docked earlier, covering the feed's time.
        var docked = Guid.NewGuid();
        await using (var seed = new NpgsqlConnection(server.DatabaseConnectionString))
            await seed.ExecuteAsync("""
                INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, recorded_at, status)
                VALUES (@docked, @sha, 1, 'x', 'docked.mp4', @feed, now() - interval '1 minute', 'ready')
                """, new { docked, sha = Convert.ToHexStringLower(SHA256.HashData(docked.ToByteArray())), feed });

        // While it is live, the playlist lists segments.
        var live = await Eventually.ThatAsync(() => TextOrEmptyAsync(op, $"/relay/{feed}/index.m3u8?reason=test"),
            t => t.Contains("#EXTINF"), TimeSpan.FromSeconds(20), "a live relay playlist");
        Assert.DoesNotContain("#EXT-X-ENDLIST", live);
        await Pusher.WaitAsync(ffmpeg, TimeSpan.FromSeconds(90));

        var playlist = await Eventually.ThatAsync(() => TextOrEmptyAsync(op, $"/relay/{feed}/index.m3u8?reason=test"),
            t => t.Contains("#EXT-X-ENDLIST"), TimeSpan.FromSeconds(20), "the ended playlist");
        var names = playlist.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('?')[0]).ToList();
        var init = playlist.Split('"')[1].Split('?')[0];
        Assert.True(names.Count >= 5, playlist);
        foreach (var name in names.Prepend(init))
        {
            var bytes = await op.GetByteArrayAsync($"/relay/{feed}/{name}");
            Assert.Equal(proxy.Pushed[name], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        var probe = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width:format=duration",
            "-of", "default=nw=1", new Uri(server.Address, $"/relay/{feed}/index.m3u8?reason=test&access_token={server.Token(Roles.Operator)}").ToString()]);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        Assert.Contains("codec_name=h264", probe.Stdout);
        Assert.Contains("width=320", probe.Stdout);

        await using var db = new NpgsqlConnection(server.DatabaseConnectionString);
        var chain = (await db.QueryAsync<(int Seq, string Name, string Sha, string? Previous)>(
            "SELECT seq, name, sha256, previous_sha256 FROM live_segments WHERE feed_id = @feed ORDER BY seq", new { feed })).ToList();
        Assert.Equal(proxy.MediaPuts.Count, chain.Count);
        Assert.Null(chain[0].Previous);
        for (var i = 0; i < chain.Count; i++)
        {
            Assert.Equal(proxy.Pushed[chain[i].Name], chain[i].Sha);
            if (i > 0) Assert.Equal(chain[i - 1].Sha, chain[i].Previous);
        }
        var stored = await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM custody_events WHERE action = 'live.segment.stored' AND subject_id = @feed", new { feed });
        Assert.Equal(chain.Count, stored);
        Assert.Equal("end-of-list", await db.ExecuteScalarAsync<string>("SELECT end_reason FROM live_feeds WHERE id = @feed", new { feed }));
        Assert.True(await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM custody_events WHERE action = 'feed.viewed' AND subject_id = @feed AND " + CustodyReading.ActorSubjectSql + " = 'op-1'", new { feed }) >= 1);

        var recording = await Eventually.ThatAsync(() => db.ExecuteScalarAsync<Guid?>("SELECT recording_id FROM live_feeds WHERE id = @feed", new { feed }),
            r => r is not null, TimeSpan.FromSeconds(60), "the assembled recording");
        var lineage = await db.ExecuteScalarAsync<string>(
            "SELECT details FROM custody_events WHERE action = 'recording.assembled' AND subject_id = @id", new { id = recording.ToString() });
        foreach (var link in chain.Where(c => !c.Name.EndsWith(".m3u8"))) Assert.Contains(link.Sha, lineage);
        // The match is made once the assembled recording is registered (after the commit that names it): wait for it.
        await Eventually.ThatAsync(() => db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM live_matches WHERE feed_id = @feed AND recording_id = @docked", new { feed, docked }),
            n => n == 1, TimeSpan.FromSeconds(30), "the feed matched with the docked recording");
        Assert.Equal(1, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM custody_events WHERE action = 'live.matched' AND subject_id = @feed", new { feed }));
        var sha = (await db.ExecuteScalarAsync<string>("SELECT sha256 FROM recordings WHERE id = @recording", new { recording }))!;
        var media = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
            Path.Combine(server.DataFolder, "objects", "originals", sha[..2], sha[2..4], sha)]);
        Assert.InRange(double.Parse(media.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), 18, 22);
    }

    private static async Task<string> TextOrEmptyAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
    }
}
