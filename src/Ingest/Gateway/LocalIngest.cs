using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// This node's own HTTP ingest as a client sees it. The browser bridge and the RTMP/SRT gateways push through
/// <c>PUT /live/…</c> like any terminal, so one path claims feeds, checks tokens, stores, chains and relays.
/// </summary>
public sealed class LocalIngest(IServer server) : IDisposable
{
    private Uri? _baseUrl;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1), UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The first address Kestrel listens on; a wildcard host (0.0.0.0, [::], +, *) is reached on loopback.</summary>
    public Uri BaseUrl => _baseUrl ??= Resolve(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:8080");

    /// <summary>The host the server listens on, as the gateways should bind (0.0.0.0 for a wildcard).</summary>
    public string ListenHost
    {
        get
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
            var host = new Uri(Wildcard(address)).Host;
            return host is "0.0.0.0" or "[::]" or "::" ? "0.0.0.0" : host.Trim('[', ']');
        }
    }

    private static Uri Resolve(string address)
    {
        var uri = new UriBuilder(Wildcard(address));
        if (uri.Host is "0.0.0.0" or "[::]" or "::") uri.Host = "127.0.0.1";
        return uri.Uri;
    }

    private static string Wildcard(string address) => address.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0");

    public void Dispose() => Http.Dispose();
}
