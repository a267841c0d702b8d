using Microsoft.IdentityModel.Tokens;

namespace Cameras.Evidence.Security;

/// <summary>
/// A token's lifetime checked against the host's clock. IdentityModel reads <c>DateTime.UtcNow</c> itself, and its
/// <c>TokenValidationParameters.TimeProvider</c> is internal (8.19.2), so this is its check, on our clock: a token
/// issued under a moved clock (a test's) expires when that clock passes its end, without anyone waiting. The exceptions
/// are IdentityModel's own, so a refusal still says "expired".
/// </summary>
internal static class TokenLifetime
{
    public static LifetimeValidator On(TimeProvider clock) => (notBefore, expires, token, parameters) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        if (expires is null && parameters.RequireExpirationTime)
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        if (notBefore is { } start && expires is { } end && start > end)
            throw new SecurityTokenInvalidLifetimeException("The token's lifetime ends before it starts.") { NotBefore = start, Expires = end };
        if (notBefore is { } from && from > now + skew)
            throw new SecurityTokenNotYetValidException($"The token is not valid before {from:O}.") { NotBefore = from };
        if (expires is { } until && until < now - skew)
            throw new SecurityTokenExpiredException($"The token expired at {until:O}.") { Expires = until };
        return true;
    };
}
