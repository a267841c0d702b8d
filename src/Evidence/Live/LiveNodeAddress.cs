using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Live;

/// <summary>This node's base URL as other nodes reach it: <c>Cameras:Live:AdvertisedUrl</c>, else the first address
/// the server listens on (right for one machine; a deployment behind NAT or on 0.0.0.0 sets the setting).</summary>
public sealed class LiveNodeAddress(IOptions<LiveOptions> options, IServer server)
{
    private string? _url;

    public string Url => _url ??= (options.Value.AdvertisedUrl
        ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? "http://127.0.0.1:8080").TrimEnd('/');
}
