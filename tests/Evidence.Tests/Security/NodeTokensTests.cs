using Cameras.Evidence.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Cameras.Evidence.Tests.Security;

public sealed class NodeTokensTests : IDisposable
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("cameras-node-keys-");

    public void Dispose() => _keys.Delete(recursive: true);

    [Fact]
    public async Task A_node_token_validates_as_one_and_never_as_a_user_token()
    {
        var keys = new InstanceKeys(_keys.FullName);
        var nodes = new NodeTokens(keys, TimeProvider.System);
        var token = nodes.Issue("node-a", DateTimeOffset.UtcNow);

        var asNode = await new JsonWebTokenHandler().ValidateTokenAsync(token, nodes.ValidationParameters());
        Assert.True(asNode.IsValid, asNode.Exception?.Message);
        Assert.Equal("node-a", asNode.ClaimsIdentity.FindFirst(NodeTokens.NodeClaim)?.Value);
        Assert.True(NodeTokens.LooksLikeNodeToken(token));

        var asUser = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenIssuer(keys, "cameras", TimeProvider.System).ValidationParameters());
        Assert.False(asUser.IsValid);
        var user = new TokenIssuer(keys, "cameras", TimeProvider.System).Issue(Roles.Admin, "admin", TimeSpan.FromHours(1));
        Assert.False((await new JsonWebTokenHandler().ValidateTokenAsync(user, nodes.ValidationParameters())).IsValid);
        Assert.False(NodeTokens.LooksLikeNodeToken(user));
    }

    [Fact]
    public void A_node_token_lives_minutes()
    {
        var now = DateTimeOffset.UtcNow;
        var token = new JsonWebToken(new NodeTokens(new InstanceKeys(_keys.FullName), TimeProvider.System).Issue("node-a", now));
        Assert.True(token.ValidTo - now.UtcDateTime <= TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_credential_is_reused_while_young_and_reissued_before_it_expires()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var credential = new NodeCredential(new NodeTokens(new InstanceKeys(_keys.FullName), TimeProvider.System), "node-a", clock);
        var first = credential.Current();
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.Equal(first, credential.Current());
        clock.Now += NodeTokens.Lifetime / 2;
        var second = credential.Current();
        Assert.NotEqual(first, second);
        // What it hands out is always valid for a while yet: reissued at half its lifetime, never at its end.
        Assert.True(new JsonWebToken(second).ValidTo > clock.Now.UtcDateTime.AddMinutes(2));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
