using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>GET /api/recordings/{id}/media: a reason or nothing; every consultation lands in the ledger.</summary>
public sealed class RecordingMediaTests : IAsyncLifetime
{
    private TestServer _server = null!;

    // The evidence API alone: a worker would process the seeded (random, unplayable) recordings and add its own
    // custody events while the test counts them.
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> CustodyAsync(Guid id)
    {
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        return await _server.CustodyAsync(id);
    }

    [Fact]
    public async Task A_consultation_without_a_reason_is_400_and_nothing_is_served_or_logged()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var officer = _server.ClientFor(Roles.Officer, "officer-1");

        using var response = await officer.GetAsync($"/api/recordings/{recording.Id}/media");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("reason-required", problem.GetProperty("code").GetString());
        Assert.DoesNotContain(recording.Sha256, await response.Content.ReadAsStringAsync());
        var custody = await _server.CustodyAsync(recording.Id);
        Assert.Equal(0, custody.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_consultation_with_a_reason_serves_the_original_and_logs_who_why_and_which_camera()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var officer = _server.ClientFor(Roles.Officer, "officer-1");

        var bytes = await officer.GetByteArrayAsync($"/api/recordings/{recording.Id}/media?reason=complaint%20n%C2%B012&motif=recherche_auteurs");

        Assert.Equal(recording.Bytes, bytes);
        var custody = await CustodyAsync(recording.Id);
        var entry = Assert.Single(custody.GetProperty("events").EnumerateArray());
        var e = entry.GetProperty("event");
        Assert.Equal("recording.viewed", e.GetProperty("action").GetString());
        Assert.Equal("officer-1", e.GetProperty("actorSubject").GetString());
        Assert.Equal("complaint n°12", e.GetProperty("personal").GetProperty("fields").GetProperty("reason").GetString());
        Assert.Equal("recherche_auteurs", e.GetProperty("details").GetProperty("motif").GetString());
        Assert.Equal("CAM-7", e.GetProperty("details").GetProperty("camera").GetString());
        Assert.Equal(recording.Sha256, e.GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Array, entry.GetProperty("proof").ValueKind);
    }

    [Theory]
    [InlineData(Roles.Operator, "")]
    [InlineData(Roles.Operator, "&motif=curiosite")]
    [InlineData(Roles.Officer, "&motif=judiciaire")] // an agent gives one of the four L241-1 purposes, not a staff motif
    public async Task A_consultation_without_an_allowed_motif_is_400_naming_it_and_nothing_is_served_or_logged(string role, string motif)
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var client = _server.ClientFor(role, "officer-1");

        using var response = await client.GetAsync($"/api/recordings/{recording.Id}/media?reason=review{motif}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("motif-required", problem.GetProperty("code").GetString());
        Assert.Contains("motif", problem.GetProperty("detail").GetString());
        Assert.Contains(role == Roles.Officer ? "compte_rendu" : "pedagogique", problem.GetProperty("detail").GetString());
        var custody = await _server.CustodyAsync(recording.Id);
        Assert.Equal(0, custody.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Ranges_serve_the_asked_bytes_with_206()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var officer = _server.ClientFor(Roles.Operator);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/{recording.Id}/media");
        request.Headers.Add("X-Reason", "review");
        request.Headers.Add("X-Motif", "judiciaire");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);

        using var response = await officer.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 1000-1999/{recording.Bytes.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(recording.Bytes[1000..2000], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_past_the_end_is_416()
    {
        var recording = await SeededRecordings.SeedAsync(_server, size: 10);
        using var officer = _server.ClientFor(Roles.Operator);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/{recording.Id}/media?reason=review&motif=judiciaire");
        request.Headers.Range = new RangeHeaderValue(50, null);

        using var response = await officer.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */10", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task A_dock_token_cannot_consult()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var dock = _server.ClientFor(Roles.Dock);

        using var response = await dock.GetAsync($"/api/recordings/{recording.Id}/media?reason=curious&motif=judiciaire");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
