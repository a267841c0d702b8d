using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cameras.Evidence.Live;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Tests;

/// <summary>
/// Node tokens open the internal node-to-node endpoints and nothing else; user tokens, admin included, open none of
/// those. Every refusal is a 401 problem+json that says which kind of token the endpoint wants.
/// </summary>
public sealed class NodeAuthenticationTests : IAsyncLifetime
{
    private static readonly byte[] InitBytes = [0, 0, 0, 8, (byte)'f', (byte)'t', (byte)'y', (byte)'p'];
    private TestServer _server = null!;
    private string _internalPath = "";

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        var init = _server.Services.GetRequiredService<LiveWindow>().PublishInit("cam-node-auth", "init.mp4", InitBytes);
        _internalPath = $"/internal/live/cam-node-auth/{LiveNotice.Init}/{init.Sequence}";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string NodeToken(DateTimeOffset? now = null) =>
        _server.Services.GetRequiredService<NodeTokens>().Issue("node-test", now ?? DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_node_token_fetches_from_the_internal_endpoint()
    {
        using var response = await SendAsync(_server.Client, _internalPath, NodeToken());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(InitBytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("init.mp4", response.Headers.GetValues(LiveInternalEndpoints.NameHeader).Single());
    }

    [Fact]
    public async Task The_node_credential_is_a_node_token_and_opens_the_internal_endpoint()
    {
        using var response = await SendAsync(_server.Client, _internalPath, _server.Services.GetRequiredService<NodeCredential>().Current());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/recordings")]
    [InlineData("/api/me")]
    [InlineData("/api/ledger/checkpoints")]
    [InlineData("/relay/cam-node-auth/index.m3u8")]
    public async Task A_node_token_is_refused_on_public_endpoints(string path)
    {
        var (status, type, detail) = await ProblemAsync(_server.Client, path, NodeToken());
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("node token", detail);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Terminal)]
    public async Task A_user_token_is_refused_on_the_internal_endpoint(string role)
    {
        var (status, type, detail) = await ProblemAsync(_server.Client, _internalPath, _server.Token(role));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("only node tokens", detail);
    }

    [Fact]
    public async Task No_token_on_the_internal_endpoint_is_401_asking_for_a_node_token()
    {
        var (status, type, detail) = await ProblemAsync(_server.Client, _internalPath, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("needs a node token", detail);
    }

    [Fact]
    public async Task An_expired_node_token_is_401_and_says_so()
    {
        var (status, _, detail) = await ProblemAsync(_server.Client, _internalPath, NodeToken(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", detail);
    }

    [Fact]
    public async Task A_node_token_of_another_deployment_is_401()
    {
        var elsewhere = Directory.CreateTempSubdirectory("cameras-foreign-node-keys-");
        try
        {
            var foreign = new NodeTokens(new InstanceKeys(elsewhere.FullName), TimeProvider.System).Issue("intruder", DateTimeOffset.UtcNow);
            var (status, _, detail) = await ProblemAsync(_server.Client, _internalPath, foreign);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("Cameras:Keys", detail);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_node_token_in_the_query_is_ignored()
    {
        var (status, _, _) = await ProblemAsync(_server.Client, $"{_internalPath}?{QueryToken.Parameter}={NodeToken()}", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    internal static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    internal static async Task<(HttpStatusCode Status, string? ContentType, string Detail)> ProblemAsync(HttpClient client, string path, string? token)
    {
        using var response = await SendAsync(client, path, token);
        var text = await response.Content.ReadAsStringAsync();
        var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString() ?? "" : text;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, detail);
    }
}
