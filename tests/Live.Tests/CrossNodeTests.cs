using System.Net;
using System.Security.Cryptography;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>Two `cameras serve` processes on one PostgreSQL: a feed pushed to the ingest node is watched through the
/// command-room node, which hears of each fragment by NOTIFY and pulls it from the ingest node.</summary>
public sealed class CrossNodeTests
{
    [Fact]
    public async Task Feed_pushed_to_one_node_is_watched_through_another()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("cameras-live-nodes-").FullName;
        try
        {
            await using var ingest = await ServerProcess.StartAsync(database.ConnectionString, data, "ingest");
            await using var room = await ServerProcess.StartAsync(database.ConnectionString, data, "commandroom,evidence");
            var terminal = (await ExternalProcess.CamerasAsync("token", "--data", data, "--role", "terminal", "--subject", "t-x")).Stdout.Trim();
            var operatorToken = (await ExternalProcess.CamerasAsync("token", "--data", data, "--role", "operator", "--subject", "op-x")).Stdout.Trim();
            var feed = "cam-nodes";
            var url = new UriBuilder(ingest.Address) { UserName = "t-x", Password = terminal, Path = $"/live/{feed}/" }.Uri.ToString();
            using var ffmpeg = Pusher.Dash(url, 12);
            using var viewer = new HttpClient { BaseAddress = room.Address };
            viewer.DefaultRequestHeaders.Authorization = new("Bearer", operatorToken);
            var playlist = await Eventually.ThatAsync(async () =>
            {
                var r = await viewer.GetAsync($"/relay/{feed}/index.m3u8?reason=test");
                return r.StatusCode == HttpStatusCode.OK ? await r.Content.ReadAsStringAsync() : "";
            }, p => p.Split("#EXTINF").Length > 3, TimeSpan.FromSeconds(30), "the relayed playlist on the command-room node\n" + room.Output);
            await Pusher.WaitAsync(ffmpeg, TimeSpan.FromSeconds(60));
            playlist = await Eventually.ThatAsync(() => viewer.GetStringAsync($"/relay/{feed}/index.m3u8?reason=test"),
                p => p.Contains("#EXT-X-ENDLIST"), TimeSpan.FromSeconds(20), "the end of the feed on the command-room node");

            await using var db = new NpgsqlConnection(database.ConnectionString);
            var stored = (await db.QueryAsync<(string Name, string Sha)>("SELECT name, sha256 FROM live_segments WHERE feed_id = @feed", new { feed }))
                .ToDictionary(r => r.Name, r => r.Sha);
            var names = playlist.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('?')[0]).ToList();
            Assert.NotEmpty(names);
            foreach (var name in names)
            {
                var bytes = await viewer.GetByteArrayAsync($"/relay/{feed}/{name}");
                Assert.Equal(stored[name], Convert.ToHexStringLower(SHA256.HashData(bytes)));
            }
            // The ingest node has no command room: nothing is watched there.
            using var direct = new HttpClient { BaseAddress = ingest.Address };
            direct.DefaultRequestHeaders.Authorization = new("Bearer", operatorToken);
            Assert.Equal(HttpStatusCode.NotFound, (await direct.GetAsync($"/relay/{feed}/index.m3u8")).StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
