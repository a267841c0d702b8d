using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests;

/// <summary>
/// Issue 18, the erasure's reach (R241-4: the images and their personal data, one month): a quarantined dock upload is
/// images too and goes with the month; the camera's file name (often the officer's number and the time) sits in
/// <c>recording.received</c>'s personal part and goes with the recording, from its rows too; a correction's before and
/// after values go with the recording while its author and reason stay the register's three years. The server's clock
/// is moved, not waited for; the ledger verifies with `cameras ledger verify` afterwards.
/// </summary>
public sealed class ErasureReachTests
{
    private const string FileName = "O-4242_20261202T080000_CAM-ER.MP4";

    [Fact]
    public async Task A_quarantined_upload_is_kept_a_month_then_its_bytes_and_personal_columns_go_with_one_event_and_the_ledger_verifies()
    {
        var clock = new MovableClock();
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"), clock: clock);
        using var dock = server.ClientFor(Roles.Dock, "dock-er");
        var content = RandomNumberGenerator.GetBytes(30_000);
        var wrong = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(8))); // not these bytes' hash
        using (var docked = await DockAsync(dock, content, wrong, "CAM-QER", "off-quarantine"))
            Assert.Equal(HttpStatusCode.Created, docked.StatusCode);
        await using var db = new NpgsqlConnection(server.DatabaseConnectionString);
        var (upload, state, key) = await db.QuerySingleAsync<(Guid, string, string)>(
            "SELECT id, state, storage_key FROM uploads WHERE offload_id = 'off-quarantine'");
        Assert.Equal("quarantined", state);
        var store = server.Services.GetRequiredService<IObjectStore>();
        Assert.NotNull(await store.GetInfoAsync(key, CancellationToken.None));
        using var admin = server.ClientFor(Roles.Admin, "admin-er");

        // Before the month is over the purge changes nothing.
        (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();
        Assert.NotNull(await store.GetInfoAsync(key, CancellationToken.None));
        Assert.Equal(("O-9999", "CSP Lyon", FileName, false), await UploadAsync(db, upload));
        Assert.Equal(0, await CountAsync(db, "quarantine.purged", "upload", upload.ToString()));

        clock.Advance(TimeSpan.FromDays(31));
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token(Roles.Admin, "admin-er"));
        (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode(); // once only

        Assert.Null(await store.GetInfoAsync(key, CancellationToken.None));
        Assert.Equal((null, null, null, true), await UploadAsync(db, upload));
        Assert.Null(await db.ExecuteScalarAsync<string?>("SELECT metadata FROM uploads WHERE id = @upload", new { upload }));
        Assert.Equal(1, await CountAsync(db, "quarantine.purged", "upload", upload.ToString()));
        var details = await db.ExecuteScalarAsync<string>(
            "SELECT details FROM custody_events WHERE action = 'quarantine.purged' AND subject_id = @id", new { id = upload.ToString() });
        using (var json = JsonDocument.Parse(details!))
        {
            Assert.Equal(content.Length, json.RootElement.GetProperty("size").GetInt64());
            Assert.Equal(wrong, json.RootElement.GetProperty("sha256_camera").GetString());
            Assert.Contains("Cameras:Retention:RecordingDays", json.RootElement.GetProperty("policy").GetString());
            Assert.True(json.RootElement.TryGetProperty("received_at", out _));
        }
        Assert.DoesNotContain("O-9999", details);
        Assert.DoesNotContain(FileName, details);
        // An erasure in the register, named by its camera.
        await Eventually.ThatAsync(async () => (await admin.GetFromJsonAsync<JsonElement>("/api/registre?camera=CAM-QER&kind=effacement"))
                .GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList(),
            actions => actions.SequenceEqual(["quarantine.purged"]), TimeSpan.FromSeconds(30), "the quarantine's erasure in the register");

        await VerifyLedgerAsync(server, admin, db);
    }

    [Fact]
    public async Task A_purge_erases_the_file_name_and_a_corrections_before_and_after_officer_from_the_ledger_and_the_rows()
    {
        var clock = new MovableClock();
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"), clock: clock);
        using var dock = server.ClientFor(Roles.Dock, "dock-er");
        var content = RandomNumberGenerator.GetBytes(20_000);
        using (var docked = await DockAsync(dock, content, Convert.ToHexStringLower(SHA256.HashData(content)), "CAM-FER", "off-filename"))
            Assert.Equal(HttpStatusCode.Created, docked.StatusCode);
        await using var db = new NpgsqlConnection(server.DatabaseConnectionString);
        var recording = await db.QuerySingleAsync<Guid>("SELECT recording_id FROM uploads WHERE offload_id = 'off-filename'");
        using var supervisor = server.ClientFor(Roles.Supervisor, "sup-er");
        using (var corrected = await supervisor.PatchAsJsonAsync($"/api/recordings/{recording}",
                   new { officer = "O-7777", motif = "administratif", reason = "erreur d’attribution au dock" }))
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

        // Kept: the file name in recording.received's personal part, not its leaf; the values in their own event's part.
        var received = await PartAsync(db, "recording.received", recording);
        Assert.DoesNotContain(FileName, received.Details);
        Assert.Contains(FileName, received.Fields);
        var edited = await PartAsync(db, "recording.edited", recording);
        var values = await PartAsync(db, "recording.edited.values", recording);
        Assert.DoesNotContain("O-9999", edited.Fields + edited.Details);
        Assert.DoesNotContain("O-7777", edited.Fields + edited.Details);
        Assert.Contains("erreur d’attribution au dock", edited.Fields);
        using (var json = JsonDocument.Parse(values.Fields!))
            Assert.Equal(("O-9999", "O-7777"), (json.RootElement.GetProperty("before").GetProperty("officer").GetString(),
                json.RootElement.GetProperty("after").GetProperty("officer").GetString()));
        Assert.DoesNotContain("O-", values.Details);
        Assert.DoesNotContain("sup-er", values.Details);

        clock.Advance(TimeSpan.FromDays(31));
        using var admin = server.ClientFor(Roles.Admin, "admin-er");
        (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();

        Assert.Equal("purged", await db.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @recording", new { recording }));
        Assert.Null(await db.ExecuteScalarAsync<string?>("SELECT filename FROM recordings WHERE id = @recording", new { recording }));
        Assert.Null(await db.ExecuteScalarAsync<string?>("SELECT filename FROM uploads WHERE recording_id = @recording", new { recording }));
        foreach (var action in new[] { "recording.received", "recording.edited.values" })
        {
            var part = await PartAsync(db, action, recording);
            Assert.True(part.Erased, action);
            Assert.Null(part.Fields);
        }
        // The correction's author and reason are the register's: kept their three years.
        Assert.False((await PartAsync(db, "recording.edited", recording)).Erased);

        await VerifyLedgerAsync(server, admin, db);
        // What the ledger API gives about the recording's events names neither the file nor an officer.
        var seqs = (await db.QueryAsync<long>("""
            SELECT seq FROM custody_events WHERE subject_kind = 'recording' AND subject_id = @id ORDER BY seq
            """, new { id = recording.ToString() })).ToList();
        Assert.True(seqs.Count >= 4, $"{seqs.Count} events");
        foreach (var seq in seqs)
        {
            var text = await admin.GetStringAsync($"/api/ledger/events/{seq}");
            Assert.DoesNotContain(FileName, text);
            Assert.DoesNotContain("O-9999", text);
            Assert.DoesNotContain("O-7777", text);
        }
        var custody = await admin.GetStringAsync($"/api/recordings/{recording}/custody?reason=controle&motif=administratif");
        Assert.DoesNotContain(FileName, custody);
        Assert.DoesNotContain("O-9999", custody);
        Assert.DoesNotContain("O-7777", custody);
        Assert.Contains("erased", custody);
    }

    /// <summary>A dock's creation-with-upload of the whole file, with the metadata a camera names it by.</summary>
    private static async Task<HttpResponseMessage> DockAsync(HttpClient dock, byte[] content, string sha256, string camera, string offload)
    {
        static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads") { Content = new ByteArrayContent(content) };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", content.Length.ToString());
        request.Headers.Add("Upload-Metadata", string.Join(",",
            $"filename {B64(FileName)}", $"camera {B64(camera)}", $"officer {B64("O-9999")}", $"station {B64("CSP Lyon")}",
            $"recorded_at {B64(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"))}", $"sha256 {B64(sha256)}", $"offload {B64(offload)}"));
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        return await dock.SendAsync(request);
    }

    private static Task<(string? Officer, string? Station, string? Filename, bool Purged)> UploadAsync(NpgsqlConnection db, Guid upload) =>
        db.QuerySingleAsync<(string?, string?, string?, bool)>("""
            SELECT u.officer, u.station, u.filename, q.purged_at IS NOT NULL FROM uploads u JOIN quarantine q ON q.upload_id = u.id WHERE u.id = @upload
            """, new { upload });

    private static Task<long> CountAsync(NpgsqlConnection db, string action, string kind, string subject) => db.ExecuteScalarAsync<long>(
        "SELECT count(*) FROM custody_events WHERE action = @action AND subject_kind = @kind AND subject_id = @subject", new { action, kind, subject });

    private sealed record Part(string Details, string? Fields, bool Erased);

    private static Task<Part> PartAsync(NpgsqlConnection db, string action, Guid recording) => db.QuerySingleAsync<Part>("""
        SELECT e.details, lp.fields, lp.erased_at IS NOT NULL AS erased FROM custody_events e JOIN ledger_personal lp ON lp.event_id = e.id
        WHERE e.action = @action AND e.subject_kind = 'recording' AND e.subject_id = @id
        """, new { action, id = recording.ToString() });

    /// <summary>Every event sequenced and checkpointed, then `cameras ledger verify` as an operator runs it: exit 0.</summary>
    private static async Task VerifyLedgerAsync(TestServer server, HttpClient admin, NpgsqlConnection db)
    {
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        await Eventually.ThatAsync(() => db.ExecuteScalarAsync<long>("SELECT count(*) FROM custody_events WHERE seq IS NULL"),
            n => n == 0, TimeSpan.FromSeconds(30), "every event sequenced");
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        var verify = await ExternalProcess.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "ledger", "verify", "--data", server.DataFolder],
            new Dictionary<string, string?> { ["Cameras__Postgres"] = server.DatabaseConnectionString, ["Cameras__PostgresApp"] = null });
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains("INTACT", verify.Stdout);
    }
}
