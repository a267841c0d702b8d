using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Transcode.Tests;

/// <summary>Several worker processes on one database and one store: they share the work, and survive each other's death.</summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("cameras-cluster-");
    private readonly DirectoryInfo _media = Directory.CreateTempSubdirectory("cameras-cluster-media-");
    private TestDatabase _database = null!;

    // The claim lapses after 5 s (polled each second, 2 s to start the job again: JobsSetup.FailoverBudget).
    private const int FailoverSeconds = 8;

    private static readonly Dictionary<string, string?> FastCluster = new()
    {
        ["Cameras__Transcode__Concurrency"] = "1",
        ["Cameras__Transcode__ClusterCheckinSeconds"] = "1",
        ["Cameras__Transcode__ClusterFailoverSeconds"] = FailoverSeconds.ToString(),
        ["Cameras__Transcode__IdleWaitSeconds"] = "1",
        ["Cameras__Transcode__SweepSeconds"] = "2",
        ["Cameras__Transcode__X264Preset"] = "medium",
        ["Logging__LogLevel__Cameras"] = "Information",
        ["Logging__LogLevel__Hangfire"] = "Information",
    };

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _data.Delete(recursive: true);
        _media.Delete(recursive: true);
    }

    private Task<ServerProcess> StartWorkerAsync(string node) =>
        ServerProcess.StartAsync(_database.ConnectionString, _data.FullName, "worker",
            new Dictionary<string, string?>(FastCluster) { ["Cameras__Node"] = node });

    private IObjectStore Store => new FileSystemObjectStore(Path.Combine(_data.FullName, "objects"));

    [Fact]
    public async Task Two_workers_share_twenty_jobs_and_run_each_once()
    {
        await using var first = await StartWorkerAsync("worker-a");
        await using var second = await StartWorkerAsync("worker-b");
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            // Twenty different files: a recording is its content, and the same content docked twice is one recording.
            var clip = await TestMedia.H264Async(_media.FullName, seconds: 1, size: $"{160 + 2 * i}x120", name: $"clip-{i}.mp4");
            ids.Add((await RecordingSeeder.SeedAsync(Store, _database.ConnectionString, clip)).Id);
        }

        try
        {
            await WaitAsync("all twenty recordings to be ready", TimeSpan.FromMinutes(4), async connection =>
                await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recordings WHERE status = 'ready'") == 20);
        }
        catch (TimeoutException e)
        {
            // Once seen in a full run (and never alone): say where the work stood and what the workers said.
            throw new TimeoutException($"{e.Message}\n{await WhereTheWorkStandsAsync()}\n--- worker-a ---\n{Tail(first.Output)}\n--- worker-b ---\n{Tail(second.Output)}", e);
        }

        Assert.Contains("recordings: ready 20\n", await WhereTheWorkStandsAsync()); // the account a timeout would give
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        var steps = (await connection.QueryAsync<(Guid Id, string Step, int Attempts, string Node)>(
            "SELECT recording_id, step, attempts, node FROM processing_steps")).ToList();
        Assert.Equal(20 * 4, steps.Count);
        Assert.All(steps, s => Assert.Equal(1, s.Attempts));
        Assert.Equal(2, steps.Select(s => s.Node).Distinct().Count());
        Assert.Equal(40L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM derivatives"));
        Assert.Equal(20L, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM custody_events WHERE action = 'derivative.created' AND details::jsonb->>'kind' = 'proxy'"));
    }

    [Fact]
    public async Task A_worker_killed_with_SIGKILL_mid_transcode_is_taken_over_by_hangfire_and_one_proxy_is_registered()
    {
        await using var first = await StartWorkerAsync("worker-a");
        await using var second = await StartWorkerAsync("worker-b");
        // MPEG-4 Part 2 must be re-encoded; 720p over 40 s keeps x264 busy long enough to be interrupted.
        var clip = await TestMedia.Mpeg4Async(_media.FullName, seconds: 40, size: "1280x720");
        var (id, _) = await RecordingSeeder.SeedAsync(Store, _database.ConnectionString, clip);

        string? node = null;
        await WaitAsync("the proxy transcode to be under way", TimeSpan.FromMinutes(2), async connection =>
        {
            node = await connection.ExecuteScalarAsync<string?>(
                "SELECT node FROM processing_steps WHERE recording_id = @id AND step = 'proxy' AND state = 'running' AND percent > 0", new { id });
            return node is not null;
        });
        var victim = node == "worker-a" ? first : second;
        var survivor = victim == first ? second : first;
        await using (var clock = new NpgsqlConnection(_database.ConnectionString))
            _killedAt = await clock.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()");
        victim.Kill();

        try
        {
            await WaitAsync("the survivor to finish the recording", TimeSpan.FromMinutes(3), async connection =>
                await connection.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @id", new { id }) == "ready");
        }
        catch (TimeoutException e)
        {
            await using var dump = new NpgsqlConnection(_database.ConnectionString);
            var queue = string.Join("\n", await dump.QueryAsync<string>("SELECT row_to_json(q)::text FROM hangfire.jobqueue q"));
            var jobs = string.Join("\n", await dump.QueryAsync<string>("SELECT row_to_json(j)::text FROM (SELECT id, statename FROM hangfire.job) j"));
            var servers = string.Join("\n", await dump.QueryAsync<string>("SELECT row_to_json(s)::text FROM hangfire.server s"));
            throw new TimeoutException($"{e.Message}\nqueue:\n{queue}\njobs:\n{jobs}\nservers:\n{servers}\nSurvivor's log:\n{survivor.Output}", e);
        }

        await using var db = new NpgsqlConnection(_database.ConnectionString);
        var proxy = await db.QuerySingleAsync<(int Attempts, string Node)>(
            "SELECT attempts, node FROM processing_steps WHERE recording_id = @id AND step = 'proxy'", new { id });
        Assert.Equal(2, proxy.Attempts);
        Assert.NotEqual(node, proxy.Node);
        // Taken over within ClusterFailoverSeconds, no margin: the dead worker's claim lapsed, the survivor's poll saw
        // it and started the job again (lease, probe) within the budget the storage's timings are derived from.
        var restarted = await db.ExecuteScalarAsync<DateTime>(
            "SELECT started_at FROM processing_steps WHERE recording_id = @id AND step = 'proxy'", new { id });
        Assert.InRange((restarted - _killedAt).TotalSeconds, 0, FailoverSeconds);
        // Steps done before the kill were not done again: one probe, one re-verify.
        Assert.Equal(2L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM processing_steps WHERE recording_id = @id AND step IN ('probe', 'verify') AND attempts = 1", new { id }));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM derivatives WHERE recording_id = @id AND kind = 'proxy'", new { id }));
        Assert.False(survivor.HasExited);
    }

    [Fact]
    public async Task A_node_serving_only_exports_never_runs_a_recordings_job_and_a_node_serving_recordings_does()
    {
        await using var exportsOnly = await ServerProcess.StartAsync(_database.ConnectionString, _data.FullName, "worker",
            new Dictionary<string, string?>(FastCluster) { ["Cameras__Node"] = "exports-node", ["Cameras__Transcode__Queues"] = "exports" });
        var clip = await TestMedia.H264Async(_media.FullName, seconds: 1, size: "160x120", name: "queued.mp4");
        var (id, _) = await RecordingSeeder.SeedAsync(Store, _database.ConnectionString, clip);

        // The exports node hears of the recording and enqueues its job (any worker node does), on the recordings queue.
        const string queued = """
            SELECT count(*) FROM hangfire.jobqueue q JOIN job_enqueues e ON e.job_id = q.jobid::text
            WHERE e.kind = 'recording' AND e.subject = @subject AND q.queue = 'recordings'
            """;
        await WaitAsync("the recording's job to be in the recordings queue", TimeSpan.FromMinutes(1), async connection =>
            await connection.ExecuteScalarAsync<long>(queued, new { subject = id.ToString() }) == 1);
        // While the node serving recordings starts (seconds), the exports node polls every second and leaves the job.
        await using var recordings = await ServerProcess.StartAsync(_database.ConnectionString, _data.FullName, "worker",
            new Dictionary<string, string?>(FastCluster) { ["Cameras__Node"] = "recordings-node", ["Cameras__Transcode__Queues"] = "recordings" });
        await WaitAsync("the recording to be ready", TimeSpan.FromMinutes(2), async connection =>
            await connection.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @id", new { id }) == "ready");

        await using var db = new NpgsqlConnection(_database.ConnectionString);
        var steps = (await db.QueryAsync<(string Node, int Attempts)>(
            "SELECT node, attempts FROM processing_steps WHERE recording_id = @id", new { id })).ToList();
        Assert.Equal(4, steps.Count);
        Assert.All(steps, s => Assert.Equal(("recordings-node", 1), s));
        // Hangfire's own record: the job was processing on the recordings node's server only.
        var servers = await db.QueryAsync<string>("""
            SELECT s.data::jsonb->>'ServerId' FROM hangfire.state s JOIN job_enqueues e ON e.job_id = s.jobid::text
            WHERE e.kind = 'recording' AND e.subject = @subject AND s.name = 'Processing'
            """, new { subject = id.ToString() });
        Assert.All(servers, server => Assert.StartsWith("recordings-node:", server));
        Assert.NotEmpty(servers);
        Assert.False(exportsOnly.HasExited);
    }

    [Fact]
    public async Task A_worker_naming_an_unknown_queue_does_not_start_and_says_which_queues_exist()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(_database.ConnectionString,
            _data.FullName, "worker", new Dictionary<string, string?>(FastCluster) { ["Cameras__Transcode__Queues"] = "exports,transcodes" }));
        Assert.Contains("Cameras:Transcode:Queues is 'exports,transcodes'", error.Message);
        Assert.Contains("live, exports, recordings", error.Message);
    }

    private DateTime _killedAt;

    private async Task<string> WhereTheWorkStandsAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        var recordings = await connection.QueryAsync<(string Status, long Count)>("SELECT status, count(*) FROM recordings GROUP BY status");
        var steps = await connection.QueryAsync<(string Step, string State, string? Node, long Count)>(
            "SELECT step, state, node, count(*) FROM processing_steps GROUP BY step, state, node ORDER BY step, state");
        var jobs = await connection.QueryAsync<(string? State, long Count)>("SELECT statename, count(*) FROM hangfire.job GROUP BY statename");
        return $"recordings: {string.Join(", ", recordings.Select(r => $"{r.Status} {r.Count}"))}\n"
            + $"steps: {string.Join(", ", steps.Select(s => $"{s.Step}/{s.State}/{s.Node} {s.Count}"))}\n"
            + $"hangfire jobs: {string.Join(", ", jobs.Select(j => $"{j.State ?? "none"} {j.Count}"))}";
    }

    private static string Tail(string output) => output.Length <= 6000 ? output : output[^6000..];

    private Task WaitAsync(string what, TimeSpan timeout, Func<NpgsqlConnection, Task<bool>> condition) =>
        DatabaseWait.UntilAsync(_database.ConnectionString, what, timeout, condition);
}
