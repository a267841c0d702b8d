using Cameras.Ingest.Terminal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Cameras.Ingest.Gateway;

/// <summary>The ways in for terminals that do not PUT fMP4 themselves: the browser terminal's WebSocket and the RTMP
/// and SRT listeners. All of them push into this node's own <c>PUT /live</c>.</summary>
public static class GatewayModule
{
    public static IHostApplicationBuilder AddGateways(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.RtmpPort == 0 || o.RtmpPort != o.SrtPort, "Cameras:Live:RtmpPort and Cameras:Live:SrtPort must differ.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalIngest>();
        services.AddSingleton<PublishKeys>();
        services.AddSingleton<IStartupFilter, TerminalWebSockets>();
        services.AddSingleton<RtmpPublishes>();
        services.AddHostedService<RtmpGateway>();
        services.AddHostedService<SrtGateway>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGateways(this IEndpointRouteBuilder app)
    {
        app.MapPublishKeys();
        // nginx calls these with no token: the secret in the path (drawn at each start, in a config only we read) is
        // what keeps anyone else out, and they grant nothing the terminal's own token would not.
        var group = app.MapGroup("/internal/gateway/{secret}/rtmp").ExcludeFromDescription().AllowAnonymous();
        group.MapPost("/publish", (string secret, HttpRequest request, RtmpPublishes publishes) => publishes.PublishAsync(secret, request));
        group.MapPost("/done", (string secret, HttpRequest request, RtmpPublishes publishes) => publishes.DoneAsync(secret, request));
        return app;
    }
}
