using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Tests;

/// <summary>Every endpoint names the roles it admits: no token or a bad one is 401, the wrong role 403.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private readonly MovableClock _clock = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(clock: _clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task No_token_is_401_with_a_problem_saying_a_token_is_needed()
    {
        var (status, type, body) = await GetAsync("/api/recordings", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("bearer token", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_token_is_401_and_says_it_expired_once_the_servers_clock_passes_its_end()
    {
        var token = _server.Token(Roles.Operator, "op", TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/me", token)).Status);

        // The server's own clock, moved past the token's end and the 30 s of allowed skew: nothing sleeps.
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(31));
        var (status, _, body) = await GetAsync("/api/me", token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_401()
    {
        var elsewhere = Directory.CreateTempSubdirectory("cameras-foreign-keys-");
        try
        {
            var foreign = new TokenIssuer(new InstanceKeys(elsewhere.FullName), "cameras", TimeProvider.System).Issue(Roles.Admin, "intruder", TimeSpan.FromHours(1));
            var (status, _, body) = await GetAsync("/api/recordings", foreign);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("signature", body.GetProperty("detail").GetString());
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_garbled_token_is_401()
    {
        var token = _server.Token(Roles.Operator);
        var (status, _, _) = await GetAsync("/api/recordings", token[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData(Roles.Dock)]
    [InlineData(Roles.Terminal)]
    [InlineData(Roles.Magistrate)]
    public async Task A_role_the_endpoint_does_not_admit_is_403(string role)
    {
        var (status, type, body) = await GetAsync("/api/recordings", _server.Token(role));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains(role, body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(Roles.Officer)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public async Task An_admitted_role_gets_the_catalog(string role)
    {
        var (status, _, body) = await GetAsync("/api/recordings", _server.Token(role));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
    }

    [Fact]
    public async Task Any_role_can_ask_who_it_is()
    {
        foreach (var role in Roles.All)
        {
            var me = await _server.ClientFor(role, "subject-" + role).GetFromJsonAsync<JsonElement>("/api/me");
            Assert.Equal("subject-" + role, me.GetProperty("subject").GetString());
            Assert.Equal(role, me.GetProperty("role").GetString());
        }
    }
}
