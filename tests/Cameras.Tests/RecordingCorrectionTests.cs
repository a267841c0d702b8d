using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests;

/// <summary>
/// <c>PATCH /api/recordings/{id}</c>: a supervisor or an admin corrects the officer, station or description the dock got
/// wrong, with a motif and a reason, from a token that names them by matricule; one <c>recording.edited</c> event (a
/// modification in the register) whose personal part holds its author and reason, and one <c>recording.edited.values</c>
/// whose part, erased with the recording, holds the values before and after. The original and its hash never
/// change; the recording moves to the new officer's view; a refusal stores nothing; a purged recording cannot be corrected.
/// </summary>
public sealed class RecordingCorrectionTests : IAsyncLifetime
{
    private const string Edited = "recording.edited", EditedValues = "recording.edited.values";

    private TestServer _server = null!;

    // The evidence API alone: a worker would add its own events for the seeded recordings while they are counted.
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Correction(string? motif = "administratif", string? reason = "erreur d’attribution au dock") =>
        new { officer = "officer-2", station = "CSP Villeurbanne", description = "interpellation rue Garibaldi", motif, reason };

    [Fact]
    public async Task A_correction_moves_the_recording_to_the_new_officers_view_keeps_its_bytes_and_the_ledger_verifies()
    {
        var recording = await SeededRecordings.SeedAsync(_server, 20_000, officer: "officer-1");
        using var before = _server.ClientFor(Roles.Officer, "officer-1");
        using var after = _server.ClientFor(Roles.Officer, "officer-2");
        using var supervisor = _server.ClientFor(Roles.Supervisor, "sup-edit");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound),
            ((await before.GetAsync($"/api/recordings/{recording.Id}")).StatusCode, (await after.GetAsync($"/api/recordings/{recording.Id}")).StatusCode));

        using var response = await supervisor.PatchAsJsonAsync($"/api/recordings/{recording.Id}", Correction());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edited = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("officer-2", "CSP Villeurbanne", "interpellation rue Garibaldi", recording.Sha256),
            (Text(edited, "officer"), Text(edited, "station"), Text(edited, "description"), Text(edited, "sha256")));
        // The access scope follows the officer column: the recording left officer-1's view for officer-2's.
        Assert.Equal(HttpStatusCode.NotFound, (await before.GetAsync($"/api/recordings/{recording.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync($"/api/recordings/{recording.Id}")).StatusCode);
        var mine = await after.GetFromJsonAsync<JsonElement>("/api/recordings/search");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), r => Text(r, "id") == recording.Id.ToString());
        Assert.Equal(recording.Bytes, await after.GetByteArrayAsync($"/api/recordings/{recording.Id}/media?reason=rapport&motif=compte_rendu"));

        // The leaf says what changed and why by motif; the author and reason sit in its erasable part (the register's term).
        var (details, fields) = Assert.Single(await EditedEventsAsync(recording.Id));
        using (var leaf = JsonDocument.Parse(details))
        {
            Assert.Equal("administratif", Text(leaf.RootElement, "motif"));
            Assert.Equal(["officer", "station", "description"], leaf.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        }
        Assert.DoesNotContain("officer-", details);
        using (var personal = JsonDocument.Parse(fields!))
        {
            var root = personal.RootElement;
            Assert.Equal("erreur d’attribution au dock", Text(root, "reason"));
            Assert.NotNull(Text(root.GetProperty("actor"), "matricule"));
            // The values end with the recording, not with the register's three years: they are in another event's part.
            Assert.False(root.TryGetProperty("before", out _));
            Assert.DoesNotContain("officer-", fields);
        }
        var (valuesDetails, values) = Assert.Single(await EditedEventsAsync(recording.Id, EditedValues));
        Assert.DoesNotContain("officer-", valuesDetails);
        using (var personal = JsonDocument.Parse(values!))
        {
            var root = personal.RootElement;
            Assert.Equal(("officer-1", "officer-2"), (Text(root.GetProperty("before"), "officer"), Text(root.GetProperty("after"), "officer")));
            Assert.Equal(JsonValueKind.Null, root.GetProperty("before").GetProperty("station").ValueKind);
        }

        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        var verdict = await (await admin.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
    }

    public static IEnumerable<object?[]> Refusals()
    {
        // (case, role, with a matricule, body → status, code)
        yield return ["without a motif", Roles.Supervisor, true, Correction(motif: null), 400, "motif-required"];
        yield return ["with a motif not in the list", Roles.Supervisor, true, Correction(motif: "curiosité"), 400, "motif-required"];
        yield return ["without a reason", Roles.Admin, true, Correction(reason: " "), 400, "reason-required"];
        yield return ["from a token without a matricule", Roles.Supervisor, false, Correction(), 403, "agent-identity-required"];
        yield return ["naming no field", Roles.Supervisor, true, new { motif = "administratif", reason = "rien" }, 400, "bad-recording-edit"];
        yield return ["with an overlong description", Roles.Supervisor, true,
            new { description = new string('x', 1001), motif = "administratif", reason = "r" }, 400, null];
        yield return ["by an operator", Roles.Operator, true, Correction(), 403, null];
        yield return ["by the recording's own officer", Roles.Officer, true, Correction(motif: "compte_rendu"), 403, null];
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_correction_answers_a_problem_and_changes_nothing(string name, string role, bool named, object body, int status,
        string? code)
    {
        var recording = await SeededRecordings.SeedAsync(_server, 10_000, officer: "officer-1");
        using var client = _server.ClientFor(role, "officer-1", named ? null : AgentClaims.None);

        using var response = await client.PatchAsJsonAsync($"/api/recordings/{recording.Id}", body);

        Assert.True((int)response.StatusCode == status, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (code is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(("officer-1", null, null), await CatalogAsync(recording.Id));
        Assert.Empty(await EditedEventsAsync(recording.Id));
        Assert.Empty(await EditedEventsAsync(recording.Id, EditedValues));
    }

    [Fact]
    public async Task A_purged_recording_cannot_be_corrected_and_an_unchanged_one_records_nothing()
    {
        var old = await SeededRecordings.SeedAsync(_server, 10_000, daysAgo: 40);
        var current = await SeededRecordings.SeedAsync(_server, 10_000, officer: "officer-1");
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();

        using var purged = await admin.PatchAsJsonAsync($"/api/recordings/{old.Id}", Correction());
        using var unchanged = await admin.PatchAsJsonAsync($"/api/recordings/{current.Id}",
            new { officer = "officer-1", motif = "administratif", reason = "vérification" });

        Assert.Equal(HttpStatusCode.Gone, purged.StatusCode);
        var problem = await purged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("recording-purged", problem.GetProperty("code").GetString());
        Assert.Contains("deleted by the retention policy", problem.GetProperty("detail").GetString());
        Assert.Equal((null, null, null), await CatalogAsync(old.Id));
        Assert.Empty(await EditedEventsAsync(old.Id));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Empty(await EditedEventsAsync(current.Id));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<(string? Officer, string? Station, string? Description)> CatalogAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT officer, station, description FROM recordings WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        string? At(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return (At(0), At(1), At(2));
    }

    /// <summary>The recording's <c>recording.edited</c> (or other <paramref name="action"/>) events: their details (the leaf's) and personal fields.</summary>
    private async Task<List<(string Details, string? Fields)>> EditedEventsAsync(Guid id, string action = Edited)
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT e.details, lp.fields FROM custody_events e LEFT JOIN ledger_personal lp ON lp.event_id = e.id
            WHERE e.subject_kind = 'recording' AND e.subject_id = @id AND e.action = @action
            """, connection);
        command.Parameters.AddWithValue("id", id.ToString());
        command.Parameters.AddWithValue("action", action);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(string, string?)>();
        while (await reader.ReadAsync()) events.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return events;
    }
}
