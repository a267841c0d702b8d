using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Cameras.Tests.Exports;
using Npgsql;

namespace Cameras.Tests.Access;

/// <summary>
/// Each party reaches only its own: a magistrate what was shared with them (their exports, the recordings and events
/// inside them, the cases that name them), an officer the recordings where they are the officer. Everything else is,
/// to them, something that does not exist: 404 problem+json, and a refused change stores nothing.
/// </summary>
public sealed class ScopeTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_magistrate_reaches_the_recordings_and_events_of_exports_shared_with_them_and_nothing_else()
    {
        var shared = await SeededRecordings.SeedAsync(Server, 50_000);
        var other = await SeededRecordings.SeedAsync(Server, 50_000);
        var export = await ExportKit.CreateAndWaitAsync(Server, [shared.Id]);
        await ExportKit.ShareAsync(Server, export.Id, "mag-scope-a");
        await ConsultAsOperatorAsync(other.Id);
        var sharedEvent = await FirstEventAsync("recording", shared.Id);
        var exportEvent = await FirstEventAsync("export", export.Id);
        var otherEvent = await FirstEventAsync("recording", other.Id);
        using var magistrate = Server.ClientFor(Roles.Magistrate, "mag-scope-a");

        using (var range = new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/{shared.Id}/media?reason=audience&motif=judiciaire"))
        {
            range.Headers.Range = new RangeHeaderValue(0, 99);
            using var media = await magistrate.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, media.StatusCode);
            Assert.Equal(shared.Bytes[..100], await media.Content.ReadAsByteArrayAsync());
        }
        foreach (var reached in new[]
                 {
                     $"/api/recordings/{shared.Id}/custody?reason=audience&motif=judiciaire", $"/api/recordings/{shared.Id}/holds", $"/api/ledger/events/{sharedEvent}",
                     $"/api/ledger/events/{exportEvent}", $"/api/ledger/proofs/inclusion?seq={sharedEvent}", $"/api/exports/{export.Id}",
                 })
            Assert.True((await magistrate.GetAsync(reached)).IsSuccessStatusCode, reached);
        Assert.Contains(await magistrate.GetFromJsonAsync<List<ExportView>>("/api/exports", ExportKit.Json) ?? [], e => e.Id == export.Id);

        foreach (var path in new[]
                 {
                     $"/api/recordings/{other.Id}/media?reason=audience&motif=judiciaire", $"/api/recordings/{other.Id}/custody?reason=audience&motif=judiciaire",
                     $"/api/recordings/{other.Id}/holds", $"/api/ledger/events/{otherEvent}", $"/api/ledger/proofs/inclusion?seq={otherEvent}",
                 })
            await AssertNotFoundAsync(await magistrate.GetAsync(path), path);
        await AssertNotFoundAsync(await magistrate.PostAsJsonAsync($"/api/recordings/{other.Id}/holds",
            new { procedure = "PV-NOT-MINE", reason = "curious", motif = "judiciaire" }), "a hold on another recording");
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM legal_holds WHERE recording_id = @id::uuid", other.Id.ToString()));
    }

    [Fact]
    public async Task A_magistrate_with_nothing_shared_reaches_no_recording_event_or_export()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 50_000);
        var export = await ExportKit.CreateAndWaitAsync(Server, [recording.Id]);
        await ExportKit.ShareAsync(Server, export.Id, "mag-scope-owner");
        var recordingEvent = await FirstEventAsync("recording", recording.Id);
        using var stranger = Server.ClientFor(Roles.Magistrate, "mag-scope-stranger");

        foreach (var path in new[]
                 {
                     $"/api/recordings/{recording.Id}/media?reason=audience&motif=judiciaire", $"/api/recordings/{recording.Id}/custody?reason=audience&motif=judiciaire",
                     $"/api/ledger/events/{recordingEvent}", $"/api/exports/{export.Id}", $"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire",
                 })
            await AssertNotFoundAsync(await stranger.GetAsync(path), path);
        Assert.DoesNotContain(await stranger.GetFromJsonAsync<List<ExportView>>("/api/exports", ExportKit.Json) ?? [], e => e.Id == export.Id);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM custody_events WHERE " + CustodyReading.ActorSubjectSql + " = @id", "mag-scope-stranger"));
    }

    [Fact]
    public async Task An_expired_share_ends_the_access_to_the_recordings_while_the_export_stays_in_the_magistrates_list()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 50_000);
        var export = await ExportKit.CreateAndWaitAsync(Server, [recording.Id]);
        await ExportKit.ShareAsync(Server, export.Id, "mag-scope-late", fixture.Clock.GetUtcNow().AddMinutes(10));
        using var magistrate = Server.ClientFor(Roles.Magistrate, "mag-scope-late");
        Assert.Equal(HttpStatusCode.OK, (await magistrate.GetAsync($"/api/recordings/{recording.Id}/media?reason=audience&motif=judiciaire")).StatusCode);

        // The server's clock past the share's end (nothing sleeps; the database's own clock has not moved).
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));

        await AssertNotFoundAsync(await magistrate.GetAsync($"/api/recordings/{recording.Id}/media?reason=audience&motif=judiciaire"), "media after expiry");
        Assert.Equal(HttpStatusCode.OK, (await magistrate.GetAsync($"/api/exports/{export.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await magistrate.GetAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire")).StatusCode);
    }

    [Fact]
    public async Task A_case_is_seen_by_the_magistrates_it_names_and_by_no_other_and_discloses_no_media()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 20_000);
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-1");
        using var created = await operatorClient.PostAsJsonAsync("/api/cases", new CreateCaseRequest("PV-CASE-SCOPE", "scope", [recording.Id],
            null, null, null, null, ["mag-case-a"], Motif: "judiciaire", Reason: "saisine du parquet"), ExportKit.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await created.Content.ReadFromJsonAsync<CaseView>(ExportKit.Json))!.Id;
        using var named = Server.ClientFor(Roles.Magistrate, "mag-case-a");
        using var other = Server.ClientFor(Roles.Magistrate, "mag-case-b");

        Assert.Equal(HttpStatusCode.OK, (await named.GetAsync($"/api/cases/{caseId}")).StatusCode);
        Assert.Contains(await named.GetFromJsonAsync<List<CaseView>>("/api/cases", ExportKit.Json) ?? [], c => c.Id == caseId);
        await AssertNotFoundAsync(await other.GetAsync($"/api/cases/{caseId}"), "another magistrate's case");
        Assert.DoesNotContain(await other.GetFromJsonAsync<List<CaseView>>("/api/cases", ExportKit.Json) ?? [], c => c.Id == caseId);
        // A case names what a procedure is about; the media reach a magistrate only through a sealed export shared with them.
        await AssertNotFoundAsync(await named.GetAsync($"/api/recordings/{recording.Id}/media?reason=audience&motif=judiciaire"), "media of a case's recording");
    }

    [Fact]
    public async Task An_officer_reaches_only_the_recordings_where_they_are_the_officer()
    {
        var own = await SeededRecordings.SeedAsync(Server, 20_000, officer: "officer-own");
        var colleague = await SeededRecordings.SeedAsync(Server, 20_000, officer: "officer-colleague");
        await ConsultAsOperatorAsync(colleague.Id);
        var colleagueEvent = await FirstEventAsync("recording", colleague.Id);
        using var officer = Server.ClientFor(Roles.Officer, "officer-own");

        var found = await officer.GetFromJsonAsync<List<JsonElement>>("/api/recordings?limit=1000", ExportKit.Json) ?? [];
        Assert.Contains(found, r => r.GetProperty("id").GetGuid() == own.Id);
        Assert.All(found, r => Assert.Equal("officer-own", r.GetProperty("officer").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/recordings/{own.Id}")).StatusCode);
        Assert.Equal(own.Bytes, await officer.GetByteArrayAsync($"/api/recordings/{own.Id}/media?reason=rapport&motif=compte_rendu"));

        foreach (var path in new[]
                 {
                     $"/api/recordings/{colleague.Id}", $"/api/recordings/{colleague.Id}/media?reason=rapport&motif=compte_rendu",
                     $"/api/recordings/{colleague.Id}/custody?reason=rapport&motif=compte_rendu", $"/api/recordings/{colleague.Id}/holds",
                     $"/api/recordings/{colleague.Id}/playback/index.m3u8?reason=rapport&motif=compte_rendu", $"/api/recordings/{colleague.Id}/playback/init.mp4?reason=rapport&motif=compte_rendu",
                     $"/api/recordings/{colleague.Id}/thumbnails/poster.jpg?reason=rapport&motif=compte_rendu", $"/api/ledger/events/{colleagueEvent}",
                 })
            await AssertNotFoundAsync(await officer.GetAsync(path), path);
        await AssertNotFoundAsync(await officer.PostAsJsonAsync($"/api/recordings/{colleague.Id}/holds",
            new { procedure = "PV-NOT-MINE", reason = "curious", motif = "compte_rendu" }), "a hold on a colleague's recording");
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM legal_holds WHERE recording_id = @id::uuid", colleague.Id.ToString()));
        Assert.Equal(0L, await ScalarAsync(
            "SELECT count(*) FROM custody_events WHERE subject_id = @id AND " + CustodyReading.ActorSubjectSql + " = 'officer-own'", colleague.Id.ToString()));
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-1");
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync($"/api/recordings/{colleague.Id}")).StatusCode);
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
        }
    }

    /// <summary>A consultation by an operator: an event about the recording that only those who reach it may read.</summary>
    private async Task ConsultAsOperatorAsync(Guid recording)
    {
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-1");
        using var response = await operatorClient.GetAsync($"/api/recordings/{recording}/media?reason=contr%C3%B4le&motif=administratif");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The sequence number of the first event about a subject, once sequenced (an admin's checkpoint drains the sequencer).</summary>
    private async Task<long> FirstEventAsync(string kind, Guid subject)
    {
        using var admin = Server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        await using var connection = new NpgsqlConnection(Server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT min(seq) FROM custody_events WHERE subject_kind = @kind AND subject_id = @id AND seq IS NOT NULL", connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", subject.ToString());
        return await command.ExecuteScalarAsync() is long seq ? seq : throw new InvalidOperationException($"no sequenced event about {kind} {subject}");
    }

    private async Task<long> ScalarAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(Server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
