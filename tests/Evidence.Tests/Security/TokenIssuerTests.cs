using System.Security.Claims;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cameras.Evidence.Tests.Security;

public sealed class TokenIssuerTests : IDisposable
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("cameras-keys-");

    private TokenIssuer Issuer(TimeProvider? clock = null) => new(new InstanceKeys(_keys.FullName), "cameras", clock ?? TimeProvider.System);

    [Fact]
    public async Task An_issued_token_validates_and_carries_role_and_subject()
    {
        var issuer = Issuer();
        var token = issuer.Issue(Roles.Dock, "dock-17", TimeSpan.FromHours(8));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, issuer.ValidationParameters());

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("dock-17", result.ClaimsIdentity.Name);
        Assert.True(new ClaimsPrincipal(result.ClaimsIdentity).IsInRole(Roles.Dock));
    }

    [Fact]
    public async Task A_token_from_another_instance_does_not_validate()
    {
        var other = Directory.CreateTempSubdirectory("cameras-keys-other-");
        try
        {
            var foreign = new TokenIssuer(new InstanceKeys(other.FullName), "cameras", TimeProvider.System).Issue(Roles.Admin, "x", TimeSpan.FromHours(1));
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(foreign, Issuer().ValidationParameters());
            Assert.False(result.IsValid);
        }
        finally
        {
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_token_expires_when_the_issuers_clock_passes_its_end()
    {
        var clock = new MovableClock();
        var issuer = Issuer(clock);
        var token = issuer.Issue(Roles.Officer, "o1", TimeSpan.FromMinutes(5));
        var issued = new JsonWebToken(token);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, issued.IssuedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMinutes(5), issued.ValidTo - issued.IssuedAt);
        Assert.True((await new JsonWebTokenHandler().ValidateTokenAsync(token, issuer.ValidationParameters())).IsValid);

        // Past its end and the 30 s of allowed skew, on the issuer's clock alone: nothing sleeps.
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, issuer.ValidationParameters());
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Theory]
    [InlineData("superuser", "s")]
    [InlineData("officer", " ")]
    public void Unknown_roles_and_empty_subjects_are_refused(string role, string subject)
    {
        Assert.Throws<ArgumentException>(() => Issuer().Issue(role, subject, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Instance_keys_are_created_once_private_to_the_owner_and_reused()
    {
        var first = new InstanceKeys(_keys.FullName);
        var id = first.KeyId(InstanceKeys.TokenSigning);
        var file = Path.Combine(_keys.FullName, InstanceKeys.TokenSigning + ".pem");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(id, new InstanceKeys(_keys.FullName).KeyId(InstanceKeys.TokenSigning));
        Assert.NotEqual(id, first.KeyId(InstanceKeys.ReceiptSigning));
    }

    [Fact]
    public void Keys_created_by_racing_nodes_agree()
    {
        var ids = Enumerable.Range(0, 8).AsParallel()
            .Select(_ => new InstanceKeys(_keys.FullName).KeyId(InstanceKeys.LedgerSigning)).Distinct().ToList();
        Assert.Single(ids);
        Assert.Single(Directory.GetFiles(_keys.FullName, InstanceKeys.LedgerSigning + "*"));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("8h", 28800)]
    [InlineData("7d", 604800)]
    public void Lifetimes_parse(string text, int seconds)
    {
        Assert.True(Lifetime.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("h")]
    [InlineData("-1h")]
    [InlineData("8y")]
    public void Bad_lifetimes_are_refused(string text) => Assert.False(Lifetime.TryParse(text, out _));

    public void Dispose() => _keys.Delete(recursive: true);
}
