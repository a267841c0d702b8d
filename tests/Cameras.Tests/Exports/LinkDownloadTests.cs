using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests.Exports;

/// <summary>
/// The download a browser makes from a plain link: token and reason in the query, no header. The token in the query
/// counts on the package endpoint only; elsewhere the request is unauthenticated.
/// </summary>
public sealed class LinkDownloadTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_link_with_access_token_and_reason_downloads_the_package_as_an_attachment_and_logs_it()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 250_000);
        var export = await ExportKit.CreateAndWaitAsync(Server, [recording.Id], procedure: "PV 2026/77");
        await ExportKit.ShareAsync(Server, export.Id, "magistrate-link");
        var token = Server.Token(Roles.Magistrate, "magistrate-link");
        using var anonymous = new HttpClient { BaseAddress = Server.Address };

        using var response = await anonymous.GetAsync(
            $"/api/exports/{export.Id}/package?access_token={token}&motif=judiciaire&reason={Uri.EscapeDataString("audience du 3 décembre")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"PV_2026_77_export-{export.Id}.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(export.Size, bytes.Length);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(bytes, 0, 2));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM custody_events WHERE action = 'export.disclosed' AND subject_id = @id " +
            "AND " + CustodyReading.ActorSubjectSql + " = 'magistrate-link' AND (SELECT lp.fields::jsonb->>'reason' FROM ledger_personal lp WHERE lp.event_id = custody_events.id) = 'audience du 3 décembre' " +
            "AND details::jsonb->>'procedure' = 'PV 2026/77'", export.Id.ToString()));
    }

    [Fact]
    public async Task A_link_without_reason_is_400_and_logs_nothing()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 251_000);
        var export = await ExportKit.CreateAndWaitAsync(Server, [recording.Id]);
        await ExportKit.ShareAsync(Server, export.Id, "magistrate-noreason");
        using var anonymous = new HttpClient { BaseAddress = Server.Address };

        using var response = await anonymous.GetAsync(
            $"/api/exports/{export.Id}/package?access_token={Server.Token(Roles.Magistrate, "magistrate-noreason")}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("reason-required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM custody_events WHERE action = 'export.disclosed' AND subject_id = @id",
            export.Id.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("&motif=curiosite")]
    [InlineData("&motif=compte_rendu")] // an agent's purpose, not a magistrate's motif
    public async Task A_download_without_one_of_the_motifs_is_400_naming_them_and_logs_nothing(string motif)
    {
        var recording = await SeededRecordings.SeedAsync(Server, 252_000);
        var export = await ExportKit.CreateAndWaitAsync(Server, [recording.Id]);
        await ExportKit.ShareAsync(Server, export.Id, "magistrate-nomotif");
        using var magistrate = Server.ClientFor(Roles.Magistrate, "magistrate-nomotif");

        using var response = await magistrate.GetAsync($"/api/exports/{export.Id}/package?reason=audience{motif}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("motif-required", problem.GetProperty("code").GetString());
        Assert.Contains("judiciaire, administratif, disciplinaire, pedagogique", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM custody_events WHERE action = 'export.disclosed' AND subject_id = @id",
            export.Id.ToString()));
    }

    [Theory]
    [InlineData("/api/exports")]
    [InlineData("/api/me")]
    [InlineData("/api/recordings")]
    public async Task The_token_in_the_query_is_ignored_off_the_download_and_playback_endpoints(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = Server.Address };
        using var withHeader = Server.ClientFor(Roles.Admin, "admin-q");

        using var response = await anonymous.GetAsync($"{path}?access_token={Server.Token(Roles.Admin, "admin-q")}&reason=r");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await withHeader.GetAsync(path)).StatusCode); // the same token in the header is fine
    }

    private async Task<long> CountAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(Server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
