using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests.Exports;

/// <summary>
/// A build the object store refuses is retried with backoff under a new key, stays building (its error shown) while
/// retries remain, and fails for good, with an <c>export.failed</c> event, after the last; an operator can then ask
/// for it again; one whose last attempt died without a word is failed by the worker's sweep. The refusals are real:
/// S3 (s3rver) answers 503 through <see cref="RefusingS3Proxy"/>.
/// </summary>
public sealed class RetryTests(RetryServer fixture) : IClassFixture<RetryServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_build_the_store_refuses_once_is_retried_under_a_new_key_and_its_package_verifies()
    {
        fixture.Proxy.RefuseKeys(1);
        var recording = await SeededRecordings.SeedAsync(Server, 250_000);

        var created = await CreateAsync(recording.Id);
        var (export, seen) = await SettledAsync(created.Id);

        Assert.True(export.Status == "sealed", export.Error);
        Assert.Equal(2, export.Attempts);
        Assert.Null(export.Error);
        // Between the attempts it was building, the refusal shown, never failed.
        Assert.Contains(seen, s => s.Status == "building" && s.Error?.Contains("ServiceUnavailable") == true);
        Assert.DoesNotContain(seen, s => s.Status == "failed");
        // The refused attempt left nothing: one object under the export's prefix, not the refused key.
        var refused = Assert.Single(fixture.Proxy.RefusedKeys).Key;
        var stored = Assert.Single(await Server.Services.GetRequiredService<IObjectStore>()
            .ListAsync($"exports/{export.Id}/", CancellationToken.None).ToListAsync());
        Assert.DoesNotContain(stored.Key, refused);
        await DownloadAndVerifyAsync(export, "magistrate-retry-1");
    }

    [Fact]
    public async Task A_build_the_store_always_refuses_ends_failed_with_its_error_after_every_retry()
    {
        var (export, seen) = await FailedExportAsync();

        Assert.Equal("failed", export.Status);
        Assert.Contains("ServiceUnavailable", export.Error);
        Assert.Equal(1 + RetryServer.Retries, export.Attempts);
        Assert.Equal(1 + RetryServer.Retries, fixture.Proxy.RefusedKeys.Count);
        Assert.Null(export.ManifestSha256);
        // Failed only once the last attempt had failed.
        Assert.Equal(seen.Count - 1, seen.FindIndex(s => s.Status == "failed"));
        Assert.Empty(await Server.Services.GetRequiredService<IObjectStore>().ListAsync($"exports/{export.Id}/", CancellationToken.None).ToListAsync());
        var failed = Assert.Single(await EventsAsync(export.Id), e => e.Action == ExportLedger.Failed);
        Assert.Equal("system", failed.ActorSubject);
        Assert.Contains("ServiceUnavailable", failed.Details);
        Assert.DoesNotContain(await EventsAsync(export.Id), e => e.Action == ExportLedger.Sealed);

        // The job behind it is failed too, with the store's refusal, where /jobs lists failed jobs; it is not retried again.
        var jobs = Server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var job = await Eventually.ThatAsync(() => Task.FromResult(jobs.FailedJobs(0, 1000)
                .SingleOrDefault(j => j.Value.Job.Args.FirstOrDefault() is Guid id && id == export.Id).Value),
            j => j is not null, TimeSpan.FromSeconds(30), $"export {export.Id}'s job failed in Hangfire");
        Assert.Contains("failed for good", job!.ExceptionMessage);
        Assert.Contains("ServiceUnavailable", job.ExceptionMessage);
        Assert.DoesNotContain(jobs.ScheduledJobs(0, 1000), j => j.Value.Job.Args.FirstOrDefault() is Guid id && id == export.Id);
    }

    [Fact]
    public async Task An_operator_asks_again_for_a_failed_export_and_it_is_sealed_and_verifies()
    {
        var (failed, _) = await FailedExportAsync();
        fixture.Proxy.RefuseKeys(0);
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-retry");

        using var response = await operatorClient.PostAsync($"/api/exports/{failed.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/exports/{failed.Id}", response.Headers.Location?.OriginalString);
        var accepted = (await response.Content.ReadFromJsonAsync<ExportView>(ExportKit.Json))!;
        Assert.Contains(accepted.Status, new[] { "pending", "building" });
        Assert.Null(accepted.Error);
        var (export, _) = await SettledAsync(failed.Id);
        Assert.True(export.Status == "sealed", export.Error);
        Assert.Equal(1, export.Attempts);
        var retried = Assert.Single(await EventsAsync(export.Id), e => e.Action == ExportRequests.Retried);
        Assert.Equal("operator-retry", retried.ActorSubject);
        Assert.Contains("ServiceUnavailable", retried.Details);
        await DownloadAndVerifyAsync(export, "magistrate-retry-3");
    }

    [Fact]
    public async Task Asking_again_is_404_for_an_unknown_export_409_unless_failed_403_for_a_magistrate_and_changes_nothing()
    {
        var (failed, _) = await FailedExportAsync();
        fixture.Proxy.RefuseKeys(0);
        var recording = await SeededRecordings.SeedAsync(Server, 60_000);
        var sealedExport = await ExportKit.CreateAndWaitAsync(Server, [recording.Id]);
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-retry");
        using var magistrate = Server.ClientFor(Roles.Magistrate, "magistrate-retry-4");
        var eventsBefore = (await EventsAsync(failed.Id)).Count + (await EventsAsync(sealedExport.Id)).Count;

        using var unknown = await operatorClient.PostAsync($"/api/exports/{Guid.NewGuid()}/retry", null);
        using var notFailed = await operatorClient.PostAsync($"/api/exports/{sealedExport.Id}/retry", null);
        using var wrongRole = await magistrate.PostAsync($"/api/exports/{failed.Id}/retry", null);

        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "export-not-found");
        var conflict = await AssertProblemAsync(notFailed, HttpStatusCode.Conflict, "export-not-failed");
        Assert.Contains("only a failed export can be built again", conflict.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal("application/problem+json", wrongRole.Content.Headers.ContentType?.MediaType);
        // Nothing changed: both exports as they were, no new ledger event.
        await Task.Delay(500);
        var failedNow = await ExportAsync(failed.Id);
        Assert.Equal((failed.Status, failed.Error, failed.Attempts), (failedNow.Status, failedNow.Error, failedNow.Attempts));
        var sealedNow = await ExportAsync(sealedExport.Id);
        Assert.Equal(("sealed", sealedExport.ManifestSha256, sealedExport.Attempts), (sealedNow.Status, sealedNow.ManifestSha256, sealedNow.Attempts));
        Assert.Equal(eventsBefore, (await EventsAsync(failed.Id)).Count + (await EventsAsync(sealedExport.Id)).Count);
    }

    [Fact]
    public async Task An_export_whose_last_attempt_died_without_a_word_is_failed_by_the_sweep_and_can_be_asked_for_again()
    {
        var (failed, _) = await FailedExportAsync();
        // What an attempt leaves when it dies before its builder can record the failure (the database away at its
        // claim) once its retries are over: still building, no trigger left, no sign of life since.
        await using (var connection = new NpgsqlConnection(Server.DatabaseConnectionString))
            await connection.ExecuteAsync(
                "UPDATE exports SET status = 'building', progressed_at = now() - interval '1 hour' WHERE id = @id", new { id = failed.Id });
        var eventsBefore = (await EventsAsync(failed.Id)).Count(e => e.Action == ExportLedger.Failed);

        var (swept, _) = await SettledAsync(failed.Id);

        Assert.Equal("failed", swept.Status);
        Assert.StartsWith("The build stopped without a result", swept.Error);
        Assert.Contains("Last error:", swept.Error);
        Assert.Contains("ServiceUnavailable", swept.Error);
        Assert.Equal(eventsBefore + 1, (await EventsAsync(failed.Id)).Count(e => e.Action == ExportLedger.Failed));
        fixture.Proxy.RefuseKeys(0);
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-retry");
        using var response = await operatorClient.PostAsync($"/api/exports/{failed.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (export, _) = await SettledAsync(failed.Id);
        Assert.True(export.Status == "sealed", export.Error);
    }

    [Fact]
    public async Task Export_create_on_the_command_line_says_why_an_attempt_failed_and_how_to_ask_again()
    {
        fixture.Proxy.RefuseKeys(int.MaxValue);
        var recording = await SeededRecordings.SeedAsync(Server, 50_000);

        var result = await ExternalProcess.CamerasAsync("export", "create", "--server", Server.Address.ToString(),
            "--token", Server.Token(Roles.Operator, "operator-retry"), "--procedure", "PV-RETRY-CLI", "--reason", "réquisition",
            "--recording", recording.Id.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout.Trim());
        Assert.Contains("attempt 2; the one before failed: ", result.Stderr);
        Assert.Contains($"failed after {1 + RetryServer.Retries} attempt(s)", result.Stderr);
        Assert.Contains("ServiceUnavailable", result.Stderr);
        Assert.Matches(@"ask for it again: POST http://\S+/api/exports/[0-9a-f-]{36}/retry", result.Stderr);
    }

    private async Task<(ExportView Export, List<ExportView> Seen)> FailedExportAsync()
    {
        fixture.Proxy.RefuseKeys(int.MaxValue);
        var recording = await SeededRecordings.SeedAsync(Server, 120_000);
        var created = await CreateAsync(recording.Id);
        return await SettledAsync(created.Id);
    }

    private async Task<ExportView> CreateAsync(Guid recording)
    {
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-retry");
        using var response = await operatorClient.PostAsJsonAsync("/api/exports",
            new CreateExportRequest("PV-RETRY", "réquisition", [recording], null), ExportKit.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ExportView>(ExportKit.Json))!;
    }

    /// <summary>Polls the export until it is sealed or failed, keeping every state seen on the way.</summary>
    private async Task<(ExportView Export, List<ExportView> Seen)> SettledAsync(Guid id)
    {
        var seen = new List<ExportView>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var export = await ExportAsync(id);
            seen.Add(export);
            if (export.Status is "sealed" or "failed") return (export, seen);
            Assert.True(DateTime.UtcNow < deadline, $"export {id} is still {export.Status}");
            await Task.Delay(100);
        }
    }

    private async Task<ExportView> ExportAsync(Guid id)
    {
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-retry");
        return (await operatorClient.GetFromJsonAsync<ExportView>($"/api/exports/{id}", ExportKit.Json))!;
    }

    private async Task DownloadAndVerifyAsync(ExportView export, string magistrateName)
    {
        await ExportKit.ShareAsync(Server, export.Id, magistrateName);
        using var magistrate = Server.ClientFor(Roles.Magistrate, magistrateName);
        var folder = fixture.NewFolder();
        var zip = Path.Combine(folder, "export.zip");
        await File.WriteAllBytesAsync(zip, await magistrate.GetByteArrayAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire"));
        var authority = Path.Combine(folder, "authority.pem");
        await File.WriteAllTextAsync(authority, await Server.Client.GetStringAsync("/api/authority.pem"));
        var verify = await ExportKit.CamerasVerifyAsync(zip, authority);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        var sums = await ExportKit.Sha256SumAsync(await ExportKit.UnzipAsync(zip));
        Assert.True(sums.ExitCode == 0, sums.Stdout);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    private sealed record Event(string Action, string ActorSubject, string Details);

    private async Task<List<Event>> EventsAsync(Guid exportId)
    {
        await using var connection = new NpgsqlConnection(Server.DatabaseConnectionString);
        return [.. await connection.QueryAsync<Event>(
            "SELECT action, actor_subject AS ActorSubject, details FROM custody_events WHERE subject_kind = 'export' AND subject_id = @id ORDER BY arrival",
            new { id = exportId.ToString() })];
    }
}
