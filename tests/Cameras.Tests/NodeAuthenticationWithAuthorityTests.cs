using System.Net;
using Cameras.Evidence.Live;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Tests;

/// <summary>
/// With an external OpenID Connect authority signing the users' tokens, node tokens still open the internal
/// endpoints (and only them), and the authority's tokens, admin included, do not.
/// </summary>
public sealed class NodeAuthenticationWithAuthorityTests : IAsyncLifetime
{
    private TestAuthority _authority = null!;
    private TestServer _server = null!;
    private string _internalPath = "";

    public async Task InitializeAsync()
    {
        _authority = await TestAuthority.StartAsync();
        _server = await TestServer.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Cameras:Auth:Authority"] = _authority.Issuer,
            ["Cameras:Auth:RequireHttpsMetadata"] = "false",
        });
        var init = _server.Services.GetRequiredService<LiveWindow>().PublishInit("cam-oidc", "init.mp4", new byte[] { 1, 2, 3 });
        _internalPath = $"/internal/live/cam-oidc/{LiveNotice.Init}/{init.Sequence}";
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _authority.DisposeAsync();
    }

    private string NodeToken() => _server.Services.GetRequiredService<NodeTokens>().Issue("node-test", DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_authoritys_tokens_open_the_public_endpoints()
    {
        using var response = await NodeAuthenticationTests.SendAsync(_server.Client, "/api/recordings", _authority.Token(Roles.Operator, "op-oidc"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_node_token_still_opens_the_internal_endpoint()
    {
        using var response = await NodeAuthenticationTests.SendAsync(_server.Client, _internalPath, NodeToken());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1, 2, 3], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_node_token_is_refused_on_a_public_endpoint()
    {
        var (status, type, detail) = await NodeAuthenticationTests.ProblemAsync(_server.Client, "/api/recordings", NodeToken());
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("node token", detail);
    }

    [Fact]
    public async Task The_authoritys_admin_token_is_refused_on_the_internal_endpoint()
    {
        var (status, type, detail) = await NodeAuthenticationTests.ProblemAsync(_server.Client, _internalPath, _authority.Token(Roles.Admin, "admin-oidc"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("only node tokens", detail);
    }
}
