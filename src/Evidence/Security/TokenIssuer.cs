using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cameras.Evidence.Security;

/// <summary>
/// Issues and describes the instance's own bearer tokens (ES256 JWTs). Both ends read <paramref name="clock"/>, the
/// host's: a token's iat/exp are written from it and its lifetime is checked against it, so a moved clock (a test's)
/// expires a token without anyone waiting.
/// </summary>
public sealed class TokenIssuer(InstanceKeys keys, string audience, TimeProvider clock)
{
    public const string Issuer = "cameras";
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";

    public SecurityKey SigningKey { get; } = new ECDsaSecurityKey(keys.Get(InstanceKeys.TokenSigning))
    {
        KeyId = keys.KeyId(InstanceKeys.TokenSigning),
    };

    /// <param name="agent">who the agent is, for the traceability register (claims matricule, nom, prenom, grade, service)</param>
    public string Issue(string role, string subject, TimeSpan lifetime, AgentClaims? agent = null)
    {
        if (!Roles.IsKnown(role))
            throw new ArgumentException($"Unknown role '{role}'; roles are {string.Join(", ", Roles.All)}.", nameof(role));
        if (string.IsNullOrWhiteSpace(subject))
            throw new ArgumentException("A token needs a subject (who or what it is for).", nameof(subject));
        if (lifetime <= TimeSpan.Zero)
            throw new ArgumentException("A token's lifetime must be positive.", nameof(lifetime));
        var issuedAt = clock.GetUtcNow();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(SubjectClaim, subject), new Claim(RoleClaim, role), .. (agent ?? AgentClaims.None).ToClaims()]),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = issuedAt.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        NameClaimType = SubjectClaim,
        RoleClaimType = RoleClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
        LifetimeValidator = TokenLifetime.On(clock),
    };
}
