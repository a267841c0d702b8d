using System.Security.Cryptography;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>
/// <c>Cameras:Live:Record</c>, each mode checked against the object store and the ledger after a real push with sound
/// (ffmpeg, progressive DASH: picture and sound as two streams): <c>hashes</c> (the default, CSI R241-4) chains every
/// segment's hash and stores no byte and assembles nothing; <c>full</c> stores each segment and assembles them into a
/// recording that keeps its sound; <c>none</c> keeps neither. In every mode a recording of the same camera docked later
/// is linked to the feed.
/// </summary>
public sealed class RecordModeTests
{
    [Theory]
    [InlineData(null)] // the default: hashes
    [InlineData("full")]
    [InlineData("none")]
    public async Task Each_record_mode_keeps_what_it_says(string? mode)
    {
        var settings = new Dictionary<string, string?>();
        if (mode is not null) settings["Cameras:Live:Record"] = mode;
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,worker,commandroom,evidence"), settings);
        var feed = "rec-" + (mode ?? "default");
        await using var proxy = await RecordingProxy.StartAsync(server.Address, server.Token(Roles.Terminal, "terminal-rec"));
        // A recording of the same camera docked before the feed ended (its clock started a minute before the feed).
        var early = Guid.NewGuid();
        await using (var seed = new NpgsqlConnection(server.DatabaseConnectionString))
            await seed.ExecuteAsync("""
                INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, recorded_at, status)
                VALUES (@early, @sha, 1, 'x', 'early.mp4', @feed, now() - interval '1 minute', 'ready')
                """, new { early, sha = Convert.ToHexStringLower(SHA256.HashData(early.ToByteArray())), feed });
        using (var ffmpeg = SoundPusher.StartTo("dash", new Uri(proxy.Address, $"/live/{feed}/").ToString(), "", 6))
            await Pusher.WaitAsync(ffmpeg, TimeSpan.FromSeconds(60));
        await using var db = new NpgsqlConnection(server.DatabaseConnectionString);
        await Eventually.ThatAsync(() => db.ExecuteScalarAsync<string>("SELECT state FROM live_feeds WHERE id = @feed", new { feed }),
            s => s == "ended", TimeSpan.FromSeconds(30), "the feed to end");
        Assert.Equal(mode ?? "hashes", await db.ExecuteScalarAsync<string>("SELECT record FROM live_feeds WHERE id = @feed", new { feed }));

        var chain = (await db.QueryAsync<(string Name, string Sha, string? Previous, string? Key)>(
            "SELECT name, sha256, previous_sha256, storage_key FROM live_segments WHERE feed_id = @feed ORDER BY seq", new { feed })).ToList();
        long Events(string action) => db.ExecuteScalar<long>(
            "SELECT count(*) FROM custody_events WHERE action = @action AND subject_id = @feed", new { action, feed });
        var liveObjects = Directory.Exists(Path.Combine(server.DataFolder, "objects", "live"))
            ? Directory.GetFiles(Path.Combine(server.DataFolder, "objects", "live"), "*", SearchOption.AllDirectories).Length : 0;
        Assert.Equal(1, Events("live.feed.started"));
        Assert.Equal(1, Events("live.feed.ended"));
        Assert.Contains(proxy.MediaPuts, n => n.Contains("stream1")); // the sound was pushed as a stream of its own
        switch (mode ?? "hashes")
        {
            case "hashes":
                Assert.Equal(proxy.MediaPuts.Count, chain.Count);
                Assert.All(chain, c => Assert.Null(c.Key));
                Assert.Equal(chain.Count, Events("live.segment.hashed"));
                Assert.Equal(0, Events("live.segment.stored"));
                Assert.Equal(0, liveObjects);
                break;
            case "full":
                Assert.Equal(proxy.MediaPuts.Count, chain.Count);
                Assert.All(chain, c => Assert.True(File.Exists(Path.Combine(server.DataFolder, "objects", c.Key!)), c.Key));
                Assert.Equal(chain.Count, Events("live.segment.stored"));
                Assert.Equal(0, Events("live.segment.hashed"));
                Assert.Equal(chain.Count, liveObjects);
                break;
            case "none":
                Assert.Empty(chain);
                Assert.Equal(0, Events("live.segment.hashed") + Events("live.segment.stored"));
                Assert.Equal(0, liveObjects);
                break;
        }
        for (var i = 0; i < chain.Count; i++)
        {
            Assert.Equal(proxy.Pushed[chain[i].Name], chain[i].Sha);
            Assert.Equal(i == 0 ? null : chain[i - 1].Sha, chain[i].Previous);
        }

        // A recording docked before the feed ended is linked once it ends (by the assembly job, or in its stead)…
        await Eventually.ThatAsync(() => db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM live_matches WHERE feed_id = @feed AND recording_id = @early", new { feed, early }),
            n => n == 1, TimeSpan.FromSeconds(60), "the recording docked before the end linked to the feed");

        // …and one docked afterwards when it arrives: the camera's copy is tied to the feed's hash chain whatever the mode.
        var docked = Guid.NewGuid();
        await db.ExecuteAsync("""
            INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, recorded_at, status)
            VALUES (@docked, @sha, 1, 'x', 'docked.mp4', @feed, now() - interval '1 minute', 'received');
            SELECT pg_notify('recording_received', @id);
            """, new { docked, id = docked.ToString(), sha = Convert.ToHexStringLower(SHA256.HashData(docked.ToByteArray())), feed });
        await Eventually.ThatAsync(() => db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM live_matches WHERE feed_id = @feed AND recording_id = @docked", new { feed, docked }),
            n => n == 1, TimeSpan.FromSeconds(60), "the docked recording linked to the feed");
        Assert.Equal(2, Events("live.matched"));

        if (mode == "full")
        {
            var recording = await Eventually.ThatAsync(() => db.ExecuteScalarAsync<Guid?>("SELECT recording_id FROM live_feeds WHERE id = @feed", new { feed }),
                r => r is not null, TimeSpan.FromSeconds(60), "the assembled recording");
            var sha = (await db.ExecuteScalarAsync<string>("SELECT sha256 FROM recordings WHERE id = @recording", new { recording }))!;
            var media = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "default=nw=1",
                Path.Combine(server.DataFolder, "objects", "originals", sha[..2], sha[2..4], sha)]);
            Assert.Contains("codec_name=h264", media.Stdout);
            Assert.Contains("codec_name=aac", media.Stdout); // the assembly kept the sound
            Assert.Equal(1, await db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM custody_events WHERE action = 'recording.assembled' AND subject_id = @id", new { id = recording.ToString() }));
        }
        else
        {
            // The worker has handled the notices since the feed ended (it made the link above): nothing was assembled.
            Assert.Null(await db.ExecuteScalarAsync<Guid?>("SELECT recording_id FROM live_feeds WHERE id = @feed", new { feed }));
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM recordings WHERE filename = @name", new { name = $"live-{feed}.mp4" }));
            Assert.Equal(0, await db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM custody_events WHERE action = 'recording.assembled' AND details::text LIKE @like", new { like = $"%{feed}%" }));
        }
    }
}
