using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests;

public sealed class HostTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/healthz")).StatusCode);
        var ready = await _server.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints()
    {
        var document = await _server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/recordings", out _));
        Assert.True(paths.TryGetProperty("/api/recordings/{id}", out _));
    }

    [Fact]
    public async Task The_dashboard_is_served_in_French()
    {
        var page = await _server.Client.GetStringAsync("/");
        Assert.Contains("lang=\"fr\"", page);
        Assert.Contains("salle de commandement", page);
        var module = System.Text.RegularExpressions.Regex.Match(page, @"src=""(/app/assets/live-[^""]+\.js)""");
        Assert.True(module.Success, page);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync(module.Groups[1].Value)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.GetAsync("/app/..%2F..%2Fappsettings.json")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_recording_is_a_404_problem()
    {
        var response = await _server.ClientFor(Roles.Operator).GetAsync($"/api/recordings/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("recording-not-found", problem.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("?sha256=xyz", "sha256")]
    [InlineData("?status=lost", "status")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task A_bad_filter_is_a_400_problem_naming_it(string query, string named)
    {
        var response = await _server.ClientFor(Roles.Operator).GetAsync("/api/recordings" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(named, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Recordings_are_found_by_their_filters()
    {
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using (var connection = new Npgsql.NpgsqlConnection(_server.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO recordings (id, sha256, size, storage_key, camera, officer, recorded_at)
                VALUES (gen_random_uuid(), @sha, 42, 'originals/x', 'CAM-7', 'OFF-1', '2026-11-01T10:00:00Z'),
                       (gen_random_uuid(), repeat('a', 64), 43, 'originals/y', 'CAM-8', 'OFF-1', '2026-11-02T10:00:00Z')
                """, connection);
            insert.Parameters.AddWithValue("sha", sha);
            await insert.ExecuteNonQueryAsync();
        }
        var client = _server.ClientFor(Roles.Operator);

        var bySha = await client.GetFromJsonAsync<JsonElement>($"/api/recordings?sha256={sha}");
        Assert.Equal("CAM-7", Assert.Single(bySha.EnumerateArray()).GetProperty("camera").GetString());
        var byOfficer = await client.GetFromJsonAsync<JsonElement>("/api/recordings?officer=OFF-1&from=2026-11-02T00:00:00Z");
        Assert.Equal("CAM-8", Assert.Single(byOfficer.EnumerateArray()).GetProperty("camera").GetString());
        var one = Assert.Single(bySha.EnumerateArray());
        var byId = await client.GetFromJsonAsync<JsonElement>($"/api/recordings/{one.GetProperty("id").GetString()}");
        Assert.Equal(42, byId.GetProperty("size").GetInt64());
        Assert.Equal("received", byId.GetProperty("status").GetString());
    }
}
