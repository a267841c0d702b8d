using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Tests;

/// <summary>
/// One deployment of three `cameras serve` processes with different roles on one PostgreSQL and one S3 server:
/// uploads move between the ingest nodes, the two workers share the jobs, a feed pushed to one node is watched
/// through another, and a worker killed mid-job is replaced.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("cameras-scale-");
    private readonly DirectoryInfo _media = Directory.CreateTempSubdirectory("cameras-scale-media-");
    private readonly string _bucket = "scale-" + Guid.NewGuid().ToString("n")[..12];
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var s3 = new S3StorageOptions { ServiceUrl = TestEnvironment.S3Url, Bucket = _bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" };
        await new S3ObjectStore(S3ObjectStore.CreateClient(s3), s3).EnsureBucketAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _data.Delete(recursive: true);
        _media.Delete(recursive: true);
    }

    private Task<ServerProcess> StartAsync(string node, string roles) =>
        ServerProcess.StartAsync(_database.ConnectionString, _data.FullName, roles, new Dictionary<string, string?>
        {
            ["Cameras__Node"] = node,
            ["Cameras__Storage__Kind"] = "S3", ["Cameras__Storage__S3__ServiceUrl"] = TestEnvironment.S3Url,
            ["Cameras__Storage__S3__Bucket"] = _bucket, ["Cameras__Storage__S3__AccessKey"] = "S3RVER",
            ["Cameras__Storage__S3__SecretKey"] = "S3RVER",
            ["Cameras__Transcode__Concurrency"] = "1", ["Cameras__Transcode__ClusterCheckinSeconds"] = "1",
            ["Cameras__Transcode__ClusterFailoverSeconds"] = "6", ["Cameras__Transcode__SweepSeconds"] = "2",
            ["Cameras__Transcode__X264Preset"] = "medium",
        });

    [Fact]
    public async Task Three_nodes_share_uploads_jobs_and_feeds_and_survive_a_worker_killed_mid_job()
    {
        await using var nodeA = await StartAsync("node-a", "ingest,evidence");
        await using var nodeB = await StartAsync("node-b", "ingest,worker");
        await using var nodeC = await StartAsync("node-c", "worker,commandroom");
        var keys = new InstanceKeys(Path.Combine(_data.FullName, "keys"));
        var dockToken = new TokenIssuer(keys, "cameras", TimeProvider.System).Issue(Roles.Dock, "dock-scale", TimeSpan.FromHours(1));
        var adminToken = new TokenIssuer(keys, "cameras", TimeProvider.System).Issue(Roles.Admin, "admin-scale", TimeSpan.FromHours(1),
            agent: TestServer.AgentOf("admin-scale"));
        using var onA = Client(nodeA, dockToken);
        using var onB = Client(nodeB, dockToken);
        using var admin = Client(nodeA, adminToken);

        // Eight clips, each uploaded in two PATCHes: the first to node A, the second to node B.
        var docked = new List<(Guid Id, byte[] Bytes)>();
        for (var i = 0; i < 8; i++)
        {
            var clip = await File.ReadAllBytesAsync(await TestMedia.H264Async(_media.FullName, seconds: 1, size: $"{160 + 2 * i}x120", name: $"clip-{i}.mp4"));
            docked.Add((await UploadAcrossAsync(onA, onB, clip, $"clip-{i}.mp4"), clip));
        }
        await WaitAsync("the eight recordings to be ready", TimeSpan.FromMinutes(3), async db =>
            await db.ExecuteScalarAsync<long>("SELECT count(*) FROM recordings WHERE status = 'ready'") == 8);

        // What S3 holds is what the camera had, read back through the evidence API of node A.
        foreach (var (id, bytes) in docked)
            Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await admin.GetByteArrayAsync($"/api/recordings/{id}/media?reason=scale-out%20check&motif=administratif")));
        await using (var db = new NpgsqlConnection(_database.ConnectionString))
        {
            // The derived files went to S3 through the upload path, hashed in the pass that uploaded them: what each
            // one's lineage records is what the store serves.
            var derived = await db.QueryAsync<(Guid Id, string Kind, string Files)>(
                "SELECT recording_id, kind, files::text FROM derivatives WHERE recording_id = @id", new { id = docked[0].Id });
            var checkedFiles = new List<string>();
            foreach (var (id, kind, files) in derived)
                // (Playlists are served rewritten, each URI carrying the viewer's query string: not compared.)
                foreach (var file in JsonDocument.Parse(files).RootElement.EnumerateArray()
                             .Where(f => !f.GetProperty("name").GetString()!.EndsWith(".m3u8", StringComparison.Ordinal)))
                {
                    var path = kind == "proxy" ? "playback" : kind;
                    var bytes = await admin.GetByteArrayAsync($"/api/recordings/{id}/{path}/{file.GetProperty("name").GetString()}?reason=scale-out%20check&motif=administratif");
                    Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
                    Assert.Equal(file.GetProperty("size").GetInt64(), bytes.Length);
                    checkedFiles.Add($"{kind}/{file.GetProperty("name").GetString()}");
                }
            Assert.True(checkedFiles.Count >= 4, $"derived files: {string.Join(", ", checkedFiles)}"); // init, a segment, poster, strip

            var nodes = (await db.QueryAsync<string>("SELECT DISTINCT node FROM processing_steps ORDER BY node")).ToList();
            Assert.Equal(["node-b", "node-c"], nodes);
            Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM processing_steps WHERE attempts <> 1"));
        }

        // A feed pushed to ingest node A is watched through the command room on node C (NOTIFY, then a pull from A).
        var terminalToken = new TokenIssuer(keys, "cameras", TimeProvider.System).Issue(Roles.Terminal, "terminal-scale", TimeSpan.FromHours(1));
        var operatorToken = new TokenIssuer(keys, "cameras", TimeProvider.System).Issue(Roles.Operator, "op-scale", TimeSpan.FromHours(1));
        var push = new UriBuilder(nodeA.Address) { UserName = "terminal-scale", Password = terminalToken, Path = "/live/cam-scale/" }.Uri.ToString();
        using (var ffmpeg = Pusher.Dash(push, 6))
        {
            using var viewer = Client(nodeC, operatorToken);
            var playlist = await Eventually.ThatAsync(async () =>
            {
                using var response = await viewer.GetAsync("/relay/cam-scale/index.m3u8?reason=scale-out%20check&motif=administratif");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : "";
            }, p => p.Contains("#EXTINF"), TimeSpan.FromSeconds(30), "the feed on the command-room node");
            var segment = playlist.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')).Split('?')[0];
            var relayed = await viewer.GetByteArrayAsync($"/relay/cam-scale/{segment}?reason=scale-out%20check&motif=administratif");
            await Pusher.WaitAsync(ffmpeg, TimeSpan.FromSeconds(60));
            await using var db = new NpgsqlConnection(_database.ConnectionString);
            Assert.Equal(await db.ExecuteScalarAsync<string>("SELECT sha256 FROM live_segments WHERE feed_id = 'cam-scale' AND name = @segment",
                new { segment }), Convert.ToHexStringLower(SHA256.HashData(relayed)));
        }

        // A long re-encode; whichever worker takes it is killed mid-transcode, and the other one finishes it.
        var slow = await File.ReadAllBytesAsync(await TestMedia.Mpeg4Async(_media.FullName, seconds: 40, size: "1280x720"));
        var slowId = await UploadAcrossAsync(onA, onB, slow, "long.mp4");
        string? running = null;
        await WaitAsync("the long transcode to be under way", TimeSpan.FromMinutes(2), async db =>
            (running = await db.ExecuteScalarAsync<string?>(
                "SELECT node FROM processing_steps WHERE recording_id = @slowId AND step = 'proxy' AND state = 'running' AND percent > 0",
                new { slowId })) is not null);
        (running == "node-b" ? nodeB : nodeC).Kill();
        await DatabaseWait.UntilAsync(_database.ConnectionString, "the surviving worker to finish it", TimeSpan.FromMinutes(3), async db =>
            await db.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @slowId", new { slowId }) == "ready",
            async db => $"killed {running}; " + string.Join("; ", await db.QueryAsync<string>("""
                SELECT step || ' ' || state || ' on ' || coalesce(node, '-') || ' attempts ' || attempts || ' at ' || coalesce(percent, 0) || '%'
                       || coalesce(' (' || error || ')', '')
                FROM processing_steps WHERE recording_id = @slowId ORDER BY step
                """, new { slowId })));

        await using var check = new NpgsqlConnection(_database.ConnectionString);
        var proxy = await check.QuerySingleAsync<(int Attempts, string Node)>(
            "SELECT attempts, node FROM processing_steps WHERE recording_id = @slowId AND step = 'proxy'", new { slowId });
        Assert.NotEqual(running, proxy.Node);
        Assert.Equal(1L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM derivatives WHERE recording_id = @slowId AND kind = 'proxy'", new { slowId }));
        Assert.False(nodeA.HasExited);
    }

    private static HttpClient Client(ServerProcess node, string token)
    {
        var client = new HttpClient { BaseAddress = node.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Add("Tus-Resumable", "1.0.0");
        return client;
    }

    /// <summary>Creates the upload on <paramref name="first"/>, sends half there and the rest to <paramref name="second"/>.</summary>
    private static async Task<Guid> UploadAcrossAsync(HttpClient first, HttpClient second, byte[] content, string filename)
    {
        static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        using var create = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads");
        create.Headers.Add("Upload-Length", content.Length.ToString());
        create.Headers.Add("Upload-Metadata", $"filename {B64(filename)},camera {B64("CAM-SCALE")},sha256 {B64(Convert.ToHexStringLower(SHA256.HashData(content)))},offload {B64("scale-out")}");
        using var created = await first.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.ToString();
        var half = content.Length / 2;
        using (var patch = await PatchAsync(first, url, 0, content[..half])) Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        using var last = await PatchAsync(second, url, half, content[half..]);
        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        return Guid.Parse(last.Headers.GetValues("Cameras-Recording").Single());
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, long offset, byte[] chunk)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new ByteArrayContent(chunk) };
        request.Headers.Add("Upload-Offset", offset.ToString());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return client.SendAsync(request);
    }

    private Task WaitAsync(string what, TimeSpan timeout, Func<NpgsqlConnection, Task<bool>> condition) =>
        DatabaseWait.UntilAsync(_database.ConnectionString, what, timeout, condition);
}
