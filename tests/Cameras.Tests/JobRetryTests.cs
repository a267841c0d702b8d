using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests;

/// <summary>
/// The job retry tests' server: one proxy for the whole bucket (the tests choose what it refuses by the prefix their
/// refusals start with: derived files, a recording's proxy and thumbnails, or originals, a live feed's assembled
/// recording), and one retry a second after a failure on each of the recordings and live queues
/// (<c>Cameras:Transcode:RecordingRetries</c>, <c>LiveRetries</c> and their delays).
/// </summary>
public sealed class JobRetryServer() : RefusingStoreServer("jobretry", "", new Dictionary<string, string?>
{
    ["Cameras:Transcode:SweepSeconds"] = "1",
    ["Cameras:Transcode:RecordingRetries"] = Retries.ToString(),
    ["Cameras:Transcode:RecordingRetryDelay"] = "00:00:01",
    ["Cameras:Transcode:LiveRetries"] = Retries.ToString(),
    ["Cameras:Transcode:LiveRetryDelay"] = "00:00:01",
})
{
    public const int Retries = 1;
}

/// <summary>
/// A recording's processing and a live feed's assembly that fail on the object store (503 from s3rver through the
/// proxy) are retried under their queue's settings: once mended, one set of outputs and no step done twice; never
/// mended, failed for good after the last retry (the recording <c>failed</c>, the store's error its reason), and on the
/// failed job in Hangfire (the dashboard's failed list), not retried again until an admin requeues it there.
/// </summary>
public sealed class JobRetryTests(JobRetryServer fixture) : IClassFixture<JobRetryServer>
{
    private TestServer Server => fixture.Server;

    private IObjectStore Store => Server.Services.GetRequiredService<IObjectStore>();

    private IMonitoringApi Jobs => Server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

    [Fact]
    public async Task A_recording_whose_proxy_the_store_refuses_once_is_retried_and_ready_with_one_set_of_outputs()
    {
        fixture.Proxy.RefuseKeys(1, $"/{fixture.Bucket}/derived/");
        var clip = await TestMedia.H264Async(fixture.NewFolder(), seconds: 2, size: "320x240", name: "retried.mp4");
        var (id, _) = await RecordingSeeder.SeedAsync(Store, Server.DatabaseConnectionString, clip, camera: "CAM-RETRY");

        await using var db = new NpgsqlConnection(Server.DatabaseConnectionString);
        var status = await Eventually.ThatAsync(() => db.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @id", new { id }),
            s => s == "ready", TimeSpan.FromMinutes(2), "the recording ready after its retry");

        Assert.Equal("ready", status);
        Assert.Single(fixture.Proxy.RefusedKeys); // the refusal happened, on the first derived file
        var steps = (await db.QueryAsync<(string Step, int Attempts, string State)>(
            "SELECT step, attempts, state FROM processing_steps WHERE recording_id = @id", new { id })).ToDictionary(s => s.Step);
        // Probe and re-verify ran once: the retry went on from the step that failed.
        Assert.Equal(1, steps["probe"].Attempts);
        Assert.Equal(1, steps["verify"].Attempts);
        Assert.Equal(2, steps["proxy"].Attempts);
        Assert.All(steps.Values, s => Assert.Equal("done", s.State));
        // One proxy and one set of thumbnails registered, each with its custody event.
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM derivatives WHERE recording_id = @id AND kind = 'proxy'", new { id }));
        Assert.Equal(2L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM derivatives WHERE recording_id = @id", new { id }));
        Assert.Equal(2L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM custody_events WHERE action = 'derivative.created' AND subject_id = @id", new { id = id.ToString() }));
        Assert.Null(await db.ExecuteScalarAsync<string?>("SELECT status_reason FROM recordings WHERE id = @id", new { id }));
        var succeeded = await Eventually.ThatAsync(() => Task.FromResult(JobOf(Jobs.SucceededJobs(0, 1000), id)),
            j => j is not null, TimeSpan.FromSeconds(30), $"recording {id}'s job succeeded in Hangfire");
        Assert.NotNull(succeeded);
    }

    [Fact]
    public async Task A_recording_the_store_always_refuses_fails_for_good_after_its_retries_with_the_error_shown()
    {
        fixture.Proxy.RefuseKeys(int.MaxValue, $"/{fixture.Bucket}/derived/");
        var clip = await TestMedia.H264Async(fixture.NewFolder(), seconds: 2, size: "352x288", name: "refused.mp4"); // not the other test's bytes
        var (id, _) = await RecordingSeeder.SeedAsync(Store, Server.DatabaseConnectionString, clip, camera: "CAM-REFUSED");

        var job = await Eventually.ThatAsync(() => Task.FromResult(JobOf(Jobs.FailedJobs(0, 1000), id)),
            j => j is not null, TimeSpan.FromMinutes(2), $"recording {id}'s job failed in Hangfire");

        Assert.Contains("failed for good at attempt 2", job!.ExceptionMessage);
        Assert.True(Refusal(job.ExceptionMessage), job.ExceptionMessage);
        await using var db = new NpgsqlConnection(Server.DatabaseConnectionString);
        var recording = await db.QuerySingleAsync<(string Status, string? Reason)>(
            "SELECT status, status_reason FROM recordings WHERE id = @id", new { id });
        Assert.Equal("failed", recording.Status);
        Assert.StartsWith("Step proxy failed for good at attempt 2: ", recording.Reason);
        Assert.True(Refusal(recording.Reason), recording.Reason);
        // What an operator reads: the status and its reason, and the step that failed with its error.
        using var operatorClient = Server.ClientFor(Roles.Operator, "op-failed");
        var shown = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}");
        Assert.Equal("failed", shown.GetProperty("status").GetString());
        Assert.Equal(recording.Reason, shown.GetProperty("statusReason").GetString());
        var shownProxy = shown.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("step").GetString() == "proxy");
        Assert.Equal("failed", shownProxy.GetProperty("state").GetString());
        Assert.True(Refusal(shownProxy.GetProperty("error").GetString()), shownProxy.ToString());
        // The search's status filter finds it among the failed ones.
        var found = await operatorClient.GetFromJsonAsync<JsonElement>("/api/recordings/search?status=failed&camera=CAM-REFUSED");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        var proxy = await db.QuerySingleAsync<(int Attempts, string State, string? Error)>(
            "SELECT attempts, state, error FROM processing_steps WHERE recording_id = @id AND step = 'proxy'", new { id });
        Assert.Equal((1 + JobRetryServer.Retries, "failed"), (proxy.Attempts, proxy.State));
        Assert.True(Refusal(proxy.Error), proxy.Error);
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM derivatives WHERE recording_id = @id", new { id }));
        // Not retried again: no retry waiting, and the step was tried as often as the setting says.
        Assert.Null(JobOf(Jobs.ScheduledJobs(0, 1000), id));
        Assert.Equal(1 + JobRetryServer.Retries, await db.ExecuteScalarAsync<int>(
            "SELECT attempts FROM processing_steps WHERE recording_id = @id AND step = 'proxy'", new { id }));
    }

    [Fact]
    public async Task A_failed_recording_whose_job_an_admin_requeues_from_the_dashboard_once_the_store_mends_is_ready()
    {
        fixture.Proxy.RefuseKeys(int.MaxValue, $"/{fixture.Bucket}/derived/");
        var clip = await TestMedia.H264Async(fixture.NewFolder(), seconds: 2, size: "384x288", name: "requeued.mp4"); // bytes of its own
        var (id, _) = await RecordingSeeder.SeedAsync(Store, Server.DatabaseConnectionString, clip, camera: "CAM-REQUEUED");
        await Eventually.ThatAsync(() => Task.FromResult(JobOf(Jobs.FailedJobs(0, 1000), id)),
            j => j is not null, TimeSpan.FromMinutes(2), $"recording {id}'s job failed in Hangfire");
        using var admin = Server.ClientFor(Roles.Admin, "admin-requeue");
        Assert.Equal("failed", (await admin.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}")).GetProperty("status").GetString());
        var jobId = Jobs.FailedJobs(0, 1000).First(j => Equals(JobArgument(j.Value), id)).Key;

        // The store mends; the admin presses « Requeue » on the failed job (the dashboard's own command, as its page posts it).
        fixture.Proxy.RefuseKeys(0);
        using var requeue = await admin.PostAsync($"/jobs/jobs/actions/requeue/{jobId}", null);
        Assert.True(requeue.IsSuccessStatusCode, $"{(int)requeue.StatusCode} {await requeue.Content.ReadAsStringAsync()}");

        // The job runs again from the step that failed (back to processing on the way), and the recording is ready.
        var ready = await Eventually.ThatAsync(() => admin.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}"),
            r => r.GetProperty("status").GetString() == "ready", TimeSpan.FromMinutes(2), $"recording {id} ready after the requeue");
        Assert.Equal(JsonValueKind.Null, ready.GetProperty("statusReason").ValueKind);
        var steps = ready.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("step").GetString()!);
        Assert.All(steps.Values, s => Assert.Equal("done", s.GetProperty("state").GetString()));
        Assert.Equal(1, steps["probe"].GetProperty("attempts").GetInt32()); // not run again
        Assert.Equal(2 + JobRetryServer.Retries, steps["proxy"].GetProperty("attempts").GetInt32());
        await using var db = new NpgsqlConnection(Server.DatabaseConnectionString);
        Assert.Equal(2L, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM derivatives WHERE recording_id = @id", new { id }));
        var succeeded = await Eventually.ThatAsync(() => Task.FromResult(JobOf(Jobs.SucceededJobs(0, 1000), id)),
            j => j is not null, TimeSpan.FromSeconds(30), $"recording {id}'s requeued job succeeded in Hangfire");
        Assert.NotNull(succeeded);
    }

    [Fact]
    public async Task A_live_feed_whose_assembly_the_store_refuses_once_is_retried_into_one_recording()
    {
        var feed = await SeedEndedFeedAsync("feed-retried");
        fixture.Proxy.RefuseKeys(int.MaxValue, $"/{fixture.Bucket}/originals/");
        await AnnounceEndedAsync(feed);

        // The first attempt fails on the store (its retry waits a second in the scheduled set); the store mends.
        await Eventually.ThatAsync(() => Task.FromResult(JobOf(Jobs.ScheduledJobs(0, 1000), feed)),
            j => j is not null, TimeSpan.FromMinutes(1), $"feed {feed}'s assembly waiting for its retry");
        fixture.Proxy.RefuseKeys(0);

        await using var db = new NpgsqlConnection(Server.DatabaseConnectionString);
        var recording = await Eventually.ThatAsync(
            () => db.ExecuteScalarAsync<Guid?>("SELECT recording_id FROM live_feeds WHERE id = @feed", new { feed }),
            r => r is not null, TimeSpan.FromMinutes(1), "the assembled recording");
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM recordings WHERE filename = @name", new { name = $"live-{feed}.mp4" }));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM custody_events WHERE action = 'recording.assembled' AND subject_id = @id", new { id = recording.ToString() }));
        var key = await db.ExecuteScalarAsync<string>("SELECT storage_key FROM recordings WHERE id = @recording", new { recording });
        Assert.NotNull(await Store.GetInfoAsync(key!, CancellationToken.None));
        var succeeded = await Eventually.ThatAsync(() => Task.FromResult(JobOf(Jobs.SucceededJobs(0, 1000), feed)),
            j => j is not null, TimeSpan.FromSeconds(30), $"feed {feed}'s assembly succeeded in Hangfire");
        Assert.NotNull(succeeded);
        Assert.Null(JobOf(Jobs.FailedJobs(0, 1000), feed));
    }

    [Fact]
    public async Task A_live_feed_the_store_always_refuses_fails_for_good_after_its_retries_with_the_error_shown()
    {
        var feed = await SeedEndedFeedAsync("feed-refused");
        fixture.Proxy.RefuseKeys(int.MaxValue, $"/{fixture.Bucket}/originals/");
        await AnnounceEndedAsync(feed);

        var job = await Eventually.ThatAsync(() => Task.FromResult(JobOf(Jobs.FailedJobs(0, 1000), feed)),
            j => j is not null, TimeSpan.FromMinutes(2), $"feed {feed}'s assembly failed in Hangfire");

        Assert.True(Refusal(job!.ExceptionMessage), job.ExceptionMessage);
        Assert.Null(JobOf(Jobs.ScheduledJobs(0, 1000), feed));
        await using var db = new NpgsqlConnection(Server.DatabaseConnectionString);
        Assert.Null(await db.ExecuteScalarAsync<Guid?>("SELECT recording_id FROM live_feeds WHERE id = @feed", new { feed }));
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM recordings WHERE filename = @name", new { name = $"live-{feed}.mp4" }));
        // Tried once and retried as often as the setting says: its retry count in Hangfire.
        using var connection = Server.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobId = Jobs.FailedJobs(0, 1000).First(j => Equals(JobArgument(j.Value), feed)).Key;
        Assert.Equal(JobRetryServer.Retries.ToString(), connection.GetJobParameter(jobId, "RetryCount")?.Trim('"'));
    }

    /// <summary>The store's refusal as the S3 SDK words it: the 503's body (a PUT), or its status (a HEAD has no body).</summary>
    private static bool Refusal(string? message) =>
        message is not null && (message.Contains("reduce your request rate") || message.Contains("ServiceUnavailable"));

    /// <summary>The job (state entry) of <paramref name="subject"/>: its first argument, a recording id or a feed id.</summary>
    private static T? JobOf<T>(JobList<T> jobs, object subject) where T : class =>
        jobs.FirstOrDefault(j => Equals(j.Value is null ? null : JobArgument(j.Value), subject)).Value;

    private static object? JobArgument(object entry) => entry switch
    {
        FailedJobDto f => f.Job?.Args.FirstOrDefault(),
        ScheduledJobDto s => s.Job?.Args.FirstOrDefault(),
        SucceededJobDto s => s.Job?.Args.FirstOrDefault(),
        _ => null,
    };

    /// <summary>An ended feed kept in full: fMP4 segments made by ffmpeg, stored and chained as ingest stores them.</summary>
    private async Task<string> SeedEndedFeedAsync(string name)
    {
        var feed = $"{name}-{Guid.NewGuid():n}"[..24];
        var folder = fixture.NewFolder();
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
               ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-f", "hls", "-hls_time", "1",
                "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4", "-hls_segment_filename",
                Path.Combine(folder, "chunk-%03d.m4s"), Path.Combine(folder, "index.m3u8")]))!)
        {
            await ffmpeg.WaitForExitAsync();
            Assert.Equal(0, ffmpeg.ExitCode);
        }
        var files = new[] { "init.mp4" }.Concat(Directory.GetFiles(folder, "chunk-*.m4s").Select(Path.GetFileName).Order()).ToList();
        await using var db = new NpgsqlConnection(Server.DatabaseConnectionString);
        await db.ExecuteAsync("""
            INSERT INTO live_feeds (id, terminal, camera, officer, state, started_at, ended_at, end_reason, segments, record)
            VALUES (@feed, 'terminal-retry', @feed, 'officer-retry', 'ended', now() - interval '1 minute', now(), 'stopped', @count, 'full')
            """, new { feed, count = files.Count });
        string? previous = null;
        for (var seq = 0; seq < files.Count; seq++)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, files[seq]!));
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var key = $"live/{feed}/{seq:d5}-{files[seq]}";
            await Store.PutAsync(key, bytes, CancellationToken.None);
            await db.ExecuteAsync("""
                INSERT INTO live_segments (feed_id, seq, name, kind, sha256, size, storage_key, previous_sha256)
                VALUES (@feed, @seq, @name, @kind, @sha, @size, @key, @previous)
                """, new { feed, seq, name = files[seq], kind = seq == 0 ? "init" : "media", sha, size = (long)bytes.Length, key, previous });
            previous = sha;
        }
        return feed;
    }

    private async Task AnnounceEndedAsync(string feed)
    {
        await using var db = new NpgsqlConnection(Server.DatabaseConnectionString);
        await db.ExecuteAsync("SELECT pg_notify('live_feed', json_build_object('event', 'ended', 'feed', @feed::text)::text)", new { feed });
    }
}
