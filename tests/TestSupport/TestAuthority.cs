using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cameras.TestSupport;

/// <summary>
/// A minimal external OpenID Connect authority on a loopback port: its discovery document and its JWKS (one RSA key
/// made for the test), which is all a bearer-token validator fetches; tokens are minted here directly.
/// Servers point at it with <c>Cameras:Auth:Authority</c> = <see cref="Issuer"/> and
/// <c>Cameras:Auth:RequireHttpsMetadata</c> = false (it speaks plain http).
/// </summary>
public sealed class TestAuthority : IAsyncDisposable
{
    private readonly RSA _rsa;
    private readonly RsaSecurityKey _key;
    private readonly LoopbackEndpoint _endpoint;

    private TestAuthority(RSA rsa, RsaSecurityKey key, LoopbackEndpoint endpoint)
    {
        _rsa = rsa;
        _key = key;
        _endpoint = endpoint;
    }

    /// <summary>The issuer URL, exactly as the discovery document and the tokens state it.</summary>
    public string Issuer => _endpoint.Url;

    /// <summary>Settings (environment-variable form) that make a `cameras serve` trust this authority.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["Cameras__Auth__Authority"] = Issuer,
        ["Cameras__Auth__RequireHttpsMetadata"] = "false",
    };

    public static async Task<TestAuthority> StartAsync()
    {
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "test-authority-" + Guid.NewGuid().ToString("n")[..8] };
        var publicKey = rsa.ExportParameters(includePrivateParameters: false);
        var jwks = JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId,
                      n = Base64UrlEncoder.Encode(publicKey.Modulus), e = Base64UrlEncoder.Encode(publicKey.Exponent) },
            },
        });
        string? issuer = null;
        var endpoint = await LoopbackEndpoint.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            switch (context.Request.Path.Value)
            {
                case "/.well-known/openid-configuration":
                    await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["issuer"] = issuer!,
                        ["jwks_uri"] = issuer + "/jwks",
                        ["authorization_endpoint"] = issuer + "/authorize",
                        ["token_endpoint"] = issuer + "/token",
                        ["response_types_supported"] = new[] { "code" },
                        ["subject_types_supported"] = new[] { "public" },
                        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    }));
                    break;
                case "/jwks":
                    await context.Response.WriteAsync(jwks);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }
        });
        issuer = endpoint.Url;
        return new TestAuthority(rsa, key, endpoint);
    }

    /// <summary>An access token of this authority for the audience <c>cameras</c>, with the role in the claim <c>role</c>.</summary>
    public string Token(string role, string subject, string audience = "cameras", TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _rsa.Dispose();
    }
}
