using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.Tests.Exports;
using Cameras.TestSupport;

namespace Cameras.Tests.Registre;

/// <summary>
/// The issue's table: each operation kind (collecte, modification, consultation, communication, effacement) produces
/// exactly one register entry, with every field its kind carries (who by matricule, nom, prénom, grade and service; the
/// motif and its words; the recipient and their service; the procedure; the recording and its camera), and an
/// operation without a field its kind requires is refused (4xx problem+json naming the field) and leaves no entry.
/// The playlist and the thumbnails, which need a processed copy, have their rows in Transcode.Tests' PipelineTests.
/// </summary>
public sealed class OperationKindTableTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private static readonly AgentClaims Agent = new("333333", "Lefèvre", "Anne", "Major", "CSP Villeurbanne");
    private const string Identity = "identity"; // the token's matricule: required to consult or extract (403 without)
    private const string Any = "(any value)"; // a field that must be there, whatever it says (an export's id as recipient)

    private TestServer Server => fixture.Server;

    /// <summary>
    /// What a row works on: a fresh recording, and for a communication the export and its procedure; for a modification
    /// the hold to lift or the case to add to (a case opened with the recording has its case's id known only once it is).
    /// </summary>
    private sealed record Subject(Guid Recording, Guid? Export, string Procedure, Guid? Hold = null, Guid? Case = null);

    /// <summary>
    /// One operation: its kind and ledger action, how to prepare its subject, how to send it (leaving out one required field
    /// when <c>omit</c> names it; as a token without a matricule when it is <see cref="Identity"/>), the register filter
    /// that finds its entry, the fields a refusal must name, and the entry's expected fields (null: absent).
    /// </summary>
    private sealed record Row(string Kind, string Action, Func<TestServer, Task<Subject>> Prepare,
        Func<TestServer, Subject, string?, Task<HttpResponseMessage>> Send, Func<Subject, string> Filter, string[] Required,
        Func<Subject, Dictionary<string, string?>> Expected);

    private static HttpClient As(TestServer server, string role, string subject, string? omit) =>
        server.ClientFor(role, subject, omit == Identity ? AgentClaims.None : Agent);

    private static string Query(string? omit, params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Where(f => f.Name != omit).Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}"));

    private static Dictionary<string, string?> Person(Subject s, string? camera = "CAM-7") => new()
    {
        ["matricule"] = Agent.Matricule, ["nom"] = Agent.Nom, ["prenom"] = Agent.Prenom, ["grade"] = Agent.Grade, ["service"] = Agent.Service,
        ["subjectKind"] = "recording", ["subjectId"] = s.Recording.ToString(), ["camera"] = camera,
        ["motif"] = null, ["reason"] = null, ["recipient"] = null, ["recipientService"] = null, ["procedure"] = null,
    };

    private static Dictionary<string, string?> With(Dictionary<string, string?> fields, params (string Name, string? Value)[] more)
    {
        foreach (var (name, value) in more) fields[name] = value;
        return fields;
    }

    private static async Task<Subject> RecordingAsync(TestServer server) =>
        new((await SeededRecordings.SeedAsync(server, 20_000)).Id, null, "PV-TABLE-" + Guid.NewGuid().ToString("N")[..8]);

    private static async Task<Subject> SealedExportAsync(TestServer server, bool shared)
    {
        var recording = await RecordingAsync(server);
        var export = await ExportKit.CreateAndWaitAsync(server, [recording.Recording], procedure: recording.Procedure);
        if (shared)
        {
            using var operatorClient = server.ClientFor(Roles.Operator, "operator-table");
            (await operatorClient.PostAsJsonAsync($"/api/exports/{export.Id}/shares",
                new ShareRequest("magistrate-table", null, "Parquet de Lyon"), ExportKit.Json)).EnsureSuccessStatusCode();
        }
        return recording with { Export = export.Id };
    }

    /// <summary>A JSON body with <paramref name="fields"/>, less the one <paramref name="omit"/> names.</summary>
    private static JsonContent Body(string? omit, params (string Name, object? Value)[] fields) =>
        JsonContent.Create(fields.Where(f => f.Name != omit).ToDictionary(f => f.Name, f => f.Value));

    private static async Task<Subject> HeldAsync(TestServer server)
    {
        var recording = await RecordingAsync(server);
        using var admin = server.ClientFor(Roles.Admin, "admin-table");
        using var placed = await admin.PostAsJsonAsync($"/api/recordings/{recording.Recording}/holds",
            new { procedure = recording.Procedure, reason = "scellé", motif = "judiciaire" });
        placed.EnsureSuccessStatusCode();
        return recording with { Hold = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid() };
    }

    /// <summary>A case for the recording's procedure, holding it when <paramref name="withRecording"/> (else another: a case is never empty).</summary>
    private static async Task<Subject> CaseAsync(TestServer server, bool withRecording)
    {
        var recording = await RecordingAsync(server);
        using var operatorClient = server.ClientFor(Roles.Operator, "operator-table");
        using var created = await operatorClient.PostAsJsonAsync("/api/cases",
            new { procedure = recording.Procedure, recordings = new[] { withRecording ? recording.Recording : (await RecordingAsync(server)).Recording },
                motif = "judiciaire", reason = "ouverture de l’affaire" });
        created.EnsureSuccessStatusCode();
        return recording with { Case = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid() };
    }

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["consultation: the original downloaded"] = new("consultation", "recording.viewed", RecordingAsync,
            (server, s, omit) => As(server, Roles.Operator, "op-table", omit)
                .GetAsync($"/api/recordings/{s.Recording}/media?{Query(omit, ("motif", "judiciaire"), ("reason", "plainte 12"))}"),
            s => $"recording={s.Recording}&kind=consultation", ["motif", "reason", Identity],
            s => With(Person(s), ("motif", "judiciaire"), ("reason", "plainte 12"))),
        ["consultation: the custody view"] = new("consultation", "recording.viewed", RecordingAsync,
            (server, s, omit) => As(server, Roles.Supervisor, "sup-table", omit)
                .GetAsync($"/api/recordings/{s.Recording}/custody?{Query(omit, ("motif", "disciplinaire"), ("reason", "enquête administrative 7"))}"),
            s => $"recording={s.Recording}&kind=consultation", ["motif", "reason", Identity],
            s => With(Person(s), ("motif", "disciplinaire"), ("reason", "enquête administrative 7"))),
        ["modification: a legal hold placed"] = new("modification", "hold.placed", RecordingAsync,
            (server, s, omit) => As(server, Roles.Supervisor, "sup-table", omit).PostAsync($"/api/recordings/{s.Recording}/holds",
                Body(omit, ("procedure", s.Procedure), ("reason", "scellé demandé"), ("motif", "judiciaire"))),
            s => $"recording={s.Recording}&kind=modification", ["procedure", "reason", "motif", Identity],
            s => With(Person(s), ("procedure", s.Procedure), ("motif", "judiciaire"), ("reason", "scellé demandé"))),
        ["modification: a legal hold lifted"] = new("modification", "hold.lifted", HeldAsync,
            (server, s, omit) => As(server, Roles.Admin, "admin-table", omit)
                .DeleteAsync($"/api/recordings/{s.Recording}/holds/{s.Hold}?{Query(omit, ("motif", "administratif"), ("reason", "classement sans suite"))}"),
            s => $"recording={s.Recording}&kind=modification", ["reason", "motif", Identity],
            s => With(Person(s), ("procedure", s.Procedure), ("motif", "administratif"), ("reason", "classement sans suite"))),
        ["modification: a bookmark added"] = new("modification", "bookmark.added", RecordingAsync,
            (server, s, omit) => As(server, Roles.Operator, "op-table", omit).PostAsync($"/api/recordings/{s.Recording}/bookmarks",
                Body(omit, ("at", 1.5), ("note", "entrée du véhicule"), ("motif", "judiciaire"))),
            s => $"recording={s.Recording}&kind=modification", ["note", "motif", Identity],
            s => With(Person(s), ("motif", "judiciaire"), ("reason", "entrée du véhicule"))),
        ["modification: a recording added to a case"] = new("modification", "case.recordings.added", s => CaseAsync(s, withRecording: false),
            (server, s, omit) => As(server, Roles.Operator, "op-table", omit).PostAsync($"/api/cases/{s.Case}/recordings",
                Body(omit, ("recordings", new[] { s.Recording }), ("motif", "judiciaire"), ("reason", "même intervention"))),
            s => $"procedure={s.Procedure}&kind=modification", ["motif", "reason", Identity],
            s => With(Person(s, camera: null), ("subjectKind", "case"), ("subjectId", s.Case.ToString()), ("procedure", s.Procedure),
                ("motif", "judiciaire"), ("reason", "même intervention"))),
        ["modification: a case opened with a recording"] = new("modification", "case.recordings.added", RecordingAsync,
            (server, s, omit) => As(server, Roles.Operator, "op-table", omit).PostAsync("/api/cases",
                Body(omit, ("procedure", s.Procedure), ("recordings", new[] { s.Recording }), ("motif", "administratif"), ("reason", "signalement du chef de poste"))),
            s => $"procedure={s.Procedure}&kind=modification", ["motif", "reason", Identity],
            s => With(Person(s, camera: null), ("subjectKind", "case"), ("subjectId", Any), ("procedure", s.Procedure),
                ("motif", "administratif"), ("reason", "signalement du chef de poste"))),
        ["modification: a case's recordings held"] = new("modification", "hold.placed", s => CaseAsync(s, withRecording: true),
            (server, s, omit) => As(server, Roles.Supervisor, "sup-table", omit).PostAsync($"/api/cases/{s.Case}/holds",
                Body(omit, ("motif", "disciplinaire"), ("reason", "enquête IGPN"))),
            s => $"recording={s.Recording}&kind=modification", ["motif", "reason", Identity],
            s => With(Person(s), ("procedure", s.Procedure), ("motif", "disciplinaire"), ("reason", "enquête IGPN"))),
        ["modification: a recording's metadata corrected"] = new("modification", "recording.edited", RecordingAsync,
            (server, s, omit) => As(server, Roles.Supervisor, "sup-table", omit).PatchAsync($"/api/recordings/{s.Recording}",
                Body(omit, ("officer", "officer-2"), ("station", "CSP Villeurbanne"), ("motif", "administratif"), ("reason", "erreur d’attribution au dock"))),
            s => $"recording={s.Recording}&kind=modification", ["motif", "reason", Identity],
            s => With(Person(s), ("motif", "administratif"), ("reason", "erreur d’attribution au dock"))),
        ["communication: an export created"] = new("communication", "recording.extracted", RecordingAsync,
            (server, s, omit) => As(server, Roles.Operator, "op-table", omit).PostAsJsonAsync("/api/exports",
                new CreateExportRequest(omit == "procedure" ? null : s.Procedure, omit == "reason" ? null : "réquisition 2026/3", [s.Recording], null),
                ExportKit.Json),
            s => $"recording={s.Recording}&kind=communication", ["procedure", "reason", Identity],
            s => With(Person(s), ("motif", "judiciaire"), ("reason", "réquisition 2026/3"), ("procedure", s.Procedure), ("recipient", Any))),
        ["communication: an export shared with a magistrate"] = new("communication", "export.shared", s => SealedExportAsync(s, shared: false),
            (server, s, omit) => As(server, Roles.Operator, "op-table", omit).PostAsJsonAsync($"/api/exports/{s.Export}/shares",
                new ShareRequest(omit == "magistrate" ? null : "magistrate-table", null, "Parquet de Lyon"), ExportKit.Json),
            s => $"procedure={s.Procedure}&kind=communication", ["magistrate"],
            s => With(Person(s, camera: null), ("subjectKind", "export"), ("subjectId", s.Export.ToString()), ("procedure", s.Procedure),
                ("recipient", "magistrate-table"), ("recipientService", "Parquet de Lyon"))),
        ["communication: an export downloaded by its magistrate"] = new("communication", "export.disclosed", s => SealedExportAsync(s, shared: true),
            (server, s, omit) => server.ClientFor(Roles.Magistrate, "magistrate-table", omit == Identity ? AgentClaims.None : Agent)
                .GetAsync($"/api/exports/{s.Export}/package?{Query(omit, ("motif", "judiciaire"), ("reason", "audience du 3"))}"),
            s => $"procedure={s.Procedure}&kind=communication", ["motif", "reason", Identity],
            s => With(Person(s, camera: null), ("subjectKind", "export"), ("subjectId", s.Export.ToString()), ("procedure", s.Procedure),
                ("motif", "judiciaire"), ("reason", "audience du 3"), ("recipient", "magistrate-table"), ("recipientService", "Parquet de Lyon"))),
    };

    public static IEnumerable<object[]> Names => Rows.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_operation_kind_produces_exactly_one_registre_entry_with_every_field_and_each_missing_field_is_refused(string name)
    {
        var row = Rows[name];
        var subject = await row.Prepare(Server);
        var before = await EntriesAsync(row.Filter(subject));

        foreach (var omit in row.Required)
        {
            using var refused = await row.Send(Server, subject, omit);
            Assert.True(refused.StatusCode == (omit == Identity ? HttpStatusCode.Forbidden : HttpStatusCode.BadRequest),
                $"{name} without {omit}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Contains(omit == Identity ? "matricule" : omit, detail);
        }
        Assert.Equal(before.Select(Seq), (await EntriesAsync(row.Filter(subject))).Select(Seq));

        using var done = await row.Send(Server, subject, null);
        Assert.True(done.IsSuccessStatusCode, $"{name}: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");

        var added = (await EntriesAsync(row.Filter(subject))).Where(e => !before.Select(Seq).Contains(Seq(e))).ToList();
        var entry = Assert.Single(added);
        Assert.Equal((row.Kind, row.Action), (entry.GetProperty("kind").GetString(), entry.GetProperty("action").GetString()));
        foreach (var (field, expected) in row.Expected(subject))
            Assert.True(expected == Any ? Text(entry, field) is not null : Text(entry, field) == expected,
                $"{name}: {field} is '{Text(entry, field)}', not '{expected}'");
        Assert.False(entry.GetProperty("erased").GetBoolean());
        await AssertLeafNamesNobodyAsync(name, row, entry);
    }

    /// <summary>
    /// Nothing that names a person is in the event's permanent part, its leaf: who acted (token subject, matricule, names,
    /// service) and, but for holds and bookmarks, the reason in words and the recipient are in the erasable personal part.
    /// The ledger's event API shows that part's state, never its fields.
    /// </summary>
    private async Task AssertLeafNamesNobodyAsync(string name, Row row, JsonElement entry)
    {
        using var admin = Server.ClientFor(Roles.Admin, "registre-reader");
        var e = await admin.GetFromJsonAsync<JsonElement>($"/api/ledger/events/{Seq(entry)}");
        var canonical = e.GetProperty("canonical").GetString()!;
        string?[] words = row.Action.StartsWith("hold.") || row.Action.StartsWith("bookmark.") ? [] : [Text(entry, "reason"), Text(entry, "recipient")];
        foreach (var value in new[] { Agent.Matricule, Agent.Nom, Agent.Prenom, Agent.Service, Text(entry, "actorSubject") }.Concat(words)
                     .OfType<string>().Where(v => !v.StartsWith("export:")))
            Assert.False(canonical.Contains(value, StringComparison.Ordinal), $"{name}: the leaf names '{value}': {canonical}");
        Assert.Contains("\"v\":3", canonical);
        var personal = e.GetProperty("personal");
        Assert.Equal("kept", personal.GetProperty("state").GetString());
        Assert.False(personal.TryGetProperty("fields", out var fields) && fields.ValueKind != JsonValueKind.Null, $"{name}: {personal}");
        Assert.False(personal.TryGetProperty("salt", out var salt) && salt.ValueKind != JsonValueKind.Null, $"{name}: {personal}");
        Assert.Equal(JsonValueKind.Null, e.GetProperty("actorSubject").ValueKind);
    }

    [Fact]
    public async Task Collection_and_erasure_are_in_the_register_one_entry_per_operation_naming_the_recording_and_its_camera()
    {
        // Collecte: a dock's upload; the dock is a device, not a person, so no names.
        var content = RandomNumberGenerator.GetBytes(4_000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        using (var dock = Server.ClientFor(Roles.Dock, "dock-table"))
        using (var upload = await RetentionKit.DockAsync(dock, content, sha256, DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "off-table"))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var docked = await Eventually.ThatAsync(() => EntriesAsync($"kind=collecte&camera=CAM-1"),
            entries => entries.Any(e => Text(e, "actorSubject") == "dock-table" && Text(e, "action") == "recording.received"),
            TimeSpan.FromSeconds(30), "the docked recording's entry");
        var received = Assert.Single(docked, e => Text(e, "actorSubject") == "dock-table" && Text(e, "action") == "recording.received");
        Assert.Equal(("recording", "CAM-1"), (Text(received, "subjectKind"), Text(received, "camera")));
        Assert.Single(await EntriesAsync($"recording={Text(received, "subjectId")}&kind=collecte"));

        // Effacement: the retention purge of a recording past its month, and of its derived copy; the server acts, no person.
        var old = await SeededRecordings.SeedAsync(Server, 10_000, daysAgo: 40);
        await using (var connection = new Npgsql.NpgsqlConnection(Server.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var derived = new Npgsql.NpgsqlCommand("""
                INSERT INTO derivatives (id, recording_id, kind, parent_sha256, tool_version, arguments, files)
                VALUES (gen_random_uuid(), @id, 'thumbnails', @sha, 'ffmpeg test', '[]', '[]')
                """, connection);
            derived.Parameters.AddWithValue("id", old.Id);
            derived.Parameters.AddWithValue("sha", old.Sha256);
            await derived.ExecuteNonQueryAsync();
        }
        using (var admin = Server.ClientFor(Roles.Admin))
            (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();
        var erased = await EntriesAsync($"recording={old.Id}&kind=effacement");
        Assert.Equal(["derivative.deleted", "recording.purged"], erased.Select(e => Text(e, "action")).Order());
        Assert.All(erased, e => Assert.Equal((old.Id.ToString(), "CAM-7", "system"),
            (Text(e, "subjectId"), Text(e, "camera"), Text(e, "actorSubject"))));
    }

    private static long Seq(JsonElement entry) => entry.GetProperty("seq").GetInt64();

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The register's entries for <paramref name="filter"/>, once every pending event is sequenced (a checkpoint does it).</summary>
    private async Task<List<JsonElement>> EntriesAsync(string filter)
    {
        using var admin = Server.ClientFor(Roles.Admin, "registre-reader");
        using (var issued = await admin.PostAsync("/api/ledger/checkpoints", null)) // 404 while the ledger is still empty
            Assert.True(issued.IsSuccessStatusCode || issued.StatusCode == HttpStatusCode.NotFound, $"checkpoint: {(int)issued.StatusCode}");
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/registre?{filter}&limit=500");
        return page.GetProperty("entries").EnumerateArray().ToList();
    }
}
