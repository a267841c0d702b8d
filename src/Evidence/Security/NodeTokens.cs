using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cameras.Evidence.Security;

/// <summary>
/// Node-to-node bearer tokens (ES256 JWTs): what one node of a deployment shows another on the internal endpoints
/// (<c>/internal/…</c>). They are signed with their own instance key (<see cref="InstanceKeys.NodeSigning"/>, in the
/// keys folder the nodes share), carry their own audience and claim, and live minutes: so they open nothing but the
/// internal endpoints, user tokens open none of those, and both hold whether or not an external OpenID Connect
/// authority signs the users' tokens. Their lifetime is checked against <paramref name="clock"/>, the host's (the
/// issuer, <see cref="NodeCredential"/>, reads the same one).
/// </summary>
public sealed class NodeTokens(InstanceKeys keys, TimeProvider clock)
{
    public const string Audience = "cameras-node";
    /// <summary>The claim that makes a token a node's: its value is the issuing node's name (<c>Cameras:Node</c>).</summary>
    public const string NodeClaim = "cameras_node";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public SecurityKey SigningKey { get; } = new ECDsaSecurityKey(keys.Get(InstanceKeys.NodeSigning))
    {
        KeyId = keys.KeyId(InstanceKeys.NodeSigning),
    };

    public string Issue(string node, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        if (string.IsNullOrWhiteSpace(node))
            throw new ArgumentException("A node token needs the issuing node's name.", nameof(node));
        var issuedAt = now.UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim(TokenIssuer.SubjectClaim, node), new Claim(NodeClaim, node)]),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.Add(lifetime ?? Lifetime),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = TokenIssuer.Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        NameClaimType = TokenIssuer.SubjectClaim,
        RoleClaimType = TokenIssuer.RoleClaim,
        RequireExpirationTime = true,
        // Nodes of a deployment keep their clocks in step (NTP); a few seconds' drift is tolerated, not minutes.
        ClockSkew = TimeSpan.FromSeconds(30),
        LifetimeValidator = TokenLifetime.On(clock),
    };

    /// <summary>
    /// Whether <paramref name="token"/> claims to be a node token (its audience, read without verifying anything):
    /// only to word a refusal, never to admit.
    /// </summary>
    public static bool LooksLikeNodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        try
        {
            return new JsonWebToken(token).Audiences.Contains(Audience);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
