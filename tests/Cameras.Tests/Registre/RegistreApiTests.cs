using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Tests.Registre;

/// <summary>
/// GET /api/registre: an inspector's questions (who consulted what, when, why, for whom) answered from the ledger,
/// with the names the agents' tokens carry, by person and period, as JSON pages or one CSV.
/// </summary>
public sealed class RegistreApiTests : IAsyncLifetime
{
    private static readonly AgentClaims Martin = new("111111", "Martin", "Claire", "Brigadier", "CSP Lyon 3e");
    private static readonly AgentClaims Durand = new("222222", "Durand", "Paul", "Lieutenant", "BAC Lyon");

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private HttpClient ClientAs(string role, string subject, AgentClaims agent)
    {
        var token = _server.Services.GetRequiredService<TokenIssuer>().Issue(role, subject, TimeSpan.FromHours(1), agent: agent);
        var client = new HttpClient { BaseAddress = _server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task ConsultAsync(AgentClaims agent, Guid recording, string reason)
    {
        using var client = ClientAs(Roles.Operator, "op-" + agent.Matricule, agent);
        (await client.GetAsync($"/api/recordings/{recording}/media?motif=judiciaire&reason={Uri.EscapeDataString(reason)}")).EnsureSuccessStatusCode();
    }

    private async Task SequenceAsync()
    {
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_persons_consultations_are_listed_with_their_names_reason_recording_and_camera()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        await ConsultAsync(Martin, recording.Id, "plainte n° 12");
        await ConsultAsync(Durand, recording.Id, "rapport d'intervention");
        await SequenceAsync();

        using var admin = _server.ClientFor(Roles.Admin);
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/registre?matricule=111111");

        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
        Assert.Equal("consultation", entry.GetProperty("kind").GetString());
        Assert.Equal("recording.viewed", entry.GetProperty("action").GetString());
        Assert.Equal(("111111", "Martin", "Claire", "Brigadier", "CSP Lyon 3e"), (entry.GetProperty("matricule").GetString(),
            entry.GetProperty("nom").GetString(), entry.GetProperty("prenom").GetString(), entry.GetProperty("grade").GetString(),
            entry.GetProperty("service").GetString()));
        Assert.Equal("plainte n° 12", entry.GetProperty("reason").GetString());
        Assert.Equal("judiciaire", entry.GetProperty("motif").GetString());
        Assert.Equal(recording.Id.ToString(), entry.GetProperty("subjectId").GetString());
        Assert.Equal("CAM-7", entry.GetProperty("camera").GetString());
        Assert.False(entry.GetProperty("erased").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Pages_follow_one_another_newest_first_and_a_period_excludes_what_is_outside_it()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        for (var i = 0; i < 3; i++) await ConsultAsync(Martin, recording.Id, $"consultation {i}");
        await SequenceAsync();
        using var admin = _server.ClientFor(Roles.Admin);

        var first = await admin.GetFromJsonAsync<JsonElement>($"/api/registre?recording={recording.Id}&limit=2");
        var next = first.GetProperty("next").GetString();
        var second = await admin.GetFromJsonAsync<JsonElement>($"/api/registre?recording={recording.Id}&limit=2&before={next}");

        var reasons = first.GetProperty("entries").EnumerateArray().Concat(second.GetProperty("entries").EnumerateArray())
            .Select(e => e.GetProperty("reason").GetString()).ToList();
        Assert.Equal(["consultation 2", "consultation 1", "consultation 0"], reasons);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        var tomorrow = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var later = await admin.GetFromJsonAsync<JsonElement>($"/api/registre?matricule=111111&from={tomorrow}");
        Assert.Equal(0, later.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task The_csv_download_holds_the_same_entries_as_the_api()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        await ConsultAsync(Martin, recording.Id, "=HYPERLINK(\"x\"); avec ; et \"guillemets\"");
        await ConsultAsync(Durand, recording.Id, "second");
        await SequenceAsync();
        using var admin = _server.ClientFor(Roles.Admin);
        var json = await admin.GetFromJsonAsync<JsonElement>($"/api/registre?recording={recording.Id}");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/registre?recording={recording.Id}");
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("n° événement;date (UTC);type d'opération", lines[0]);
        var seqs = json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64().ToString()).ToList();
        Assert.Equal(seqs, lines.Skip(1).Select(l => l.Split(';')[0]).ToList());
        // A reason that looks like a formula is defused, and separators and quotes stay inside their cell.
        Assert.Contains(";\"'=HYPERLINK(\"\"x\"\"); avec ; et \"\"guillemets\"\"\";", text);
        Assert.Contains(";111111;Martin;Claire;Brigadier;CSP Lyon 3e;", text);
    }

    [Fact]
    public async Task The_pdf_report_is_signed_by_the_authority_names_its_checkpoint_and_renders()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        await ConsultAsync(Martin, recording.Id, "inspection CNIL");
        await SequenceAsync();
        using var admin = _server.ClientFor(Roles.Admin);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/registre?matricule=111111");
        request.Headers.Accept.ParseAdd("application/pdf");
        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var folder = Directory.CreateTempSubdirectory("cameras-registre-").FullName;
        var file = Path.Combine(folder, "registre.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        // The signature covers the whole file but its own slot, and verifies against the authority's chain.
        var authority = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        authority.ImportFromPem(await new HttpClient { BaseAddress = _server.Address }.GetStringAsync("/api/authority.pem"));
        var signed = PdfSignature.Read(pdf);
        Assert.Equal(pdf.Length, signed.CoveredBytes + signed.SlotBytes);
        signed.Cms.CheckSignature(verifySignatureOnly: true);
        Assert.Contains(signed.Cms.SignerInfos[0].Certificate!.Thumbprint, authority.Select(c => c.Thumbprint));

        // What a reader sees: the entry with the agent's names, and the checkpoint the report was drawn from.
        var text = (await ExternalProcess.RunAsync("pdftotext", ["-layout", file, "-"])).Stdout;
        Assert.Contains("111111 Martin Claire Brigadier", text);
        Assert.Contains("inspection CNIL", text);
        var checkpoints = await admin.GetFromJsonAsync<JsonElement>("/api/ledger/checkpoints");
        var latest = checkpoints.GetProperty("latest");
        Assert.Contains($"point de contrôle de taille {latest.GetProperty("size").GetInt64()}, racine {latest.GetProperty("rootHash").GetString()}", text);
        var rendered = await ExternalProcess.RunAsync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", file, Path.Combine(folder, "page")]);
        Assert.True(rendered.ExitCode == 0, rendered.Stderr);
        Assert.True(new FileInfo(Directory.GetFiles(folder, "page*.png").Single()).Length > 5_000);
        var results = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", ".test-results");
        Directory.CreateDirectory(results);
        File.Copy(Directory.GetFiles(folder, "page*.png").Single(), Path.Combine(results, "registre-report.png"), overwrite: true);
    }

    [Fact]
    public async Task Each_read_of_the_register_is_traced_with_its_reader_and_filter_and_a_refused_one_traces_nothing()
    {
        using var reader = ClientAs(Roles.Supervisor, "sup-reader", Durand);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/registre?limit=0")).StatusCode);
        Assert.Empty(await ConsultationsAsync());

        var page = await reader.GetFromJsonAsync<JsonElement>("/api/registre?matricule=111111&kind=consultation&limit=5");
        using var csv = new HttpRequestMessage(HttpMethod.Get, "/api/registre?camera=CAM-7");
        csv.Headers.Accept.ParseAdd("text/csv");
        (await reader.SendAsync(csv)).EnsureSuccessStatusCode();
        using var pdf = new HttpRequestMessage(HttpMethod.Get, "/api/registre?procedure=PV-TRACE");
        pdf.Headers.Accept.ParseAdd("application/pdf");
        (await reader.SendAsync(pdf)).EnsureSuccessStatusCode();

        var traced = await ConsultationsAsync();
        Assert.Equal(3, traced.Count);
        // The filter in the leaf; who read (subject and names) and whom they looked up in the personal part, for three years.
        Assert.All(traced, t => Assert.Null(t.ActorSubject));
        Assert.Equal("""{"format":"json","kind":"consultation","limit":5}""", traced[0].Details);
        Assert.Equal("""{"camera":"CAM-7","format":"csv"}""", traced[1].Details);
        Assert.Equal("""{"format":"pdf","procedure":"PV-TRACE"}""", traced[2].Details);
        var fields = JsonDocument.Parse(traced[0].Fields).RootElement;
        Assert.Equal(("sup-reader", "222222", "111111"), (fields.GetProperty("actor").GetProperty("subject").GetString(),
            fields.GetProperty("actor").GetProperty("matricule").GetString(), fields.GetProperty("matricule_sought").GetString()));
        Assert.InRange(traced[0].Until, DateTime.UtcNow.AddDays(1094), DateTime.UtcNow.AddDays(1096));
        // Reading the register is not an operation on a recording's data: it does not change what the next read lists.
        Assert.DoesNotContain(page.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "registre.consulted");
        await SequenceAsync();
        var all = await reader.GetFromJsonAsync<JsonElement>("/api/registre?limit=1000");
        Assert.DoesNotContain(all.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "registre.consulted");
    }

    private sealed record Consultation(string? ActorSubject, string Details, string Fields, DateTime Until);

    private async Task<List<Consultation>> ConsultationsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT e.actor_subject, e.details, lp.fields, lp.erase_after FROM custody_events e JOIN ledger_personal lp ON lp.event_id = e.id
            WHERE e.action = 'registre.consulted' ORDER BY e.arrival
            """, connection);
        await using var rows = await command.ExecuteReaderAsync();
        var list = new List<Consultation>();
        while (await rows.ReadAsync())
            list.Add(new(rows.IsDBNull(0) ? null : rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetDateTime(3)));
        return list;
    }

    [Theory]
    [InlineData("kind=lecture", "kind must be one of")]
    [InlineData("limit=0", "limit must be between")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from must not be after to")]
    [InlineData("before=-4", "before is the 'next' value")]
    public async Task A_bad_filter_is_400_problem_json_saying_what_to_fix(string query, string detail)
    {
        using var admin = _server.ClientFor(Roles.Admin);

        using var response = await admin.GetAsync($"/api/registre?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Officer)]
    [InlineData(Roles.Magistrate)]
    [InlineData(Roles.Dock)]
    public async Task Only_administrators_and_supervisors_read_the_register(string role)
    {
        using var client = _server.ClientFor(role);
        using var anonymous = new HttpClient { BaseAddress = _server.Address };

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/registre")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/registre")).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_reads_the_register_with_the_names_the_tokens_carried()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        await ConsultAsync(Durand, recording.Id, "contrôle hiérarchique");
        await SequenceAsync();
        using var supervisor = _server.ClientFor(Roles.Supervisor, "sup-1");

        var page = await supervisor.GetFromJsonAsync<JsonElement>($"/api/registre?recording={recording.Id}");

        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
        Assert.Equal(("Durand", "Paul", "Lieutenant"), (entry.GetProperty("nom").GetString(), entry.GetProperty("prenom").GetString(),
            entry.GetProperty("grade").GetString()));
    }
}
