using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests.Registre;

/// <summary>
/// R241-5 has the register name who consulted or extracted by matricule, nom, prénom and grade: a token that does not
/// say who the agent is may still sign in, but every consultation and extraction is refused (403 problem+json saying
/// what the token lacks), before anything is read or logged.
/// </summary>
public sealed class IdentityRequiredTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// Consulting the original, its playback (playlist, segment), a thumbnail, its custody history; creating an export,
    /// downloading one: (role, method, path).
    /// </summary>
    private static (string Role, string Method, string Path)[] Refused(Guid recording) =>
    [
        (Roles.Operator, "GET", $"/api/recordings/{recording}/media?reason=r&motif=judiciaire"),
        (Roles.Admin, "GET", $"/api/recordings/{recording}/playback/index.m3u8?reason=r&motif=judiciaire"),
        (Roles.Operator, "GET", $"/api/recordings/{recording}/playback/seg_000.m4s?reason=r&motif=judiciaire"),
        (Roles.Operator, "GET", $"/api/recordings/{recording}/thumbnails/poster.jpg?reason=r&motif=judiciaire"),
        (Roles.Supervisor, "GET", $"/api/recordings/{recording}/custody?reason=r&motif=judiciaire"),
        (Roles.Supervisor, "POST", "/api/exports"),
        (Roles.Magistrate, "GET", $"/api/exports/{Guid.NewGuid()}/package?reason=r"),
    ];

    [Fact]
    public async Task Consultation_and_extraction_without_a_matricule_are_403_and_leave_no_trace()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        var events = await CountAsync("SELECT count(*) FROM custody_events");
        foreach (var (role, method, path) in Refused(recording.Id))
        {
            using var client = _server.ClientFor(role, "nameless-" + role, AgentClaims.None);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
                request.Content = JsonContent.Create(new { procedure = "PV-1", reason = "transmission", recordings = new[] { recording.Id } });

            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("agent-identity-required", problem.GetProperty("code").GetString());
            Assert.Contains("no matricule", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(events, await CountAsync("SELECT count(*) FROM custody_events"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM exports"));
    }

    [Fact]
    public async Task A_token_without_a_matricule_still_signs_in_and_a_token_with_one_consults()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var nameless = _server.ClientFor(Roles.Operator, "nameless", AgentClaims.None);
        using var named = _server.ClientFor(Roles.Operator, "named");

        Assert.Equal(HttpStatusCode.OK, (await nameless.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await named.GetAsync($"/api/recordings/{recording.Id}/media?reason=r&motif=judiciaire")).StatusCode);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
