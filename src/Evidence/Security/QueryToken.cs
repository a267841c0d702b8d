using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence.Security;

/// <summary>
/// Marks the endpoints a browser reaches without being able to set a header (WebSockets, &lt;video&gt;, a download
/// link): only there is the bearer token taken from the <c>access_token</c> query parameter. Anywhere else a token in
/// a URL (which ends up in history and proxy logs) is ignored, so the request is unauthenticated.
/// </summary>
public sealed class QueryToken
{
    public const string Parameter = "access_token";

    internal static readonly QueryToken Marker = new();

    private QueryToken() { }

    public static bool AllowedFor(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<QueryToken>() is not null;
}

public static class QueryTokenExtensions
{
    /// <summary>Accepts the bearer token as <c>?access_token=</c> on these endpoints (see <see cref="QueryToken"/>).</summary>
    public static TBuilder AllowQueryToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(QueryToken.Marker);
}
