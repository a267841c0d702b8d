using Cameras.Evidence.Live;
using Cameras.Ingest.Gateway;
using Cameras.Ingest.Live;
using Cameras.Ingest.Offloads;
using Cameras.Ingest.Terminal;
using Cameras.Ingest.Tus;
using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cameras.Ingest;

/// <summary>Dock uploads (tus) and live pushes from terminals.</summary>
public static class IngestModule
{
    /// <summary>Request bytes Kestrel buffers per connection (its default is 1 MiB: one batch, no overlap).</summary>
    public const long RequestBufferBytes = 4L * BodyAppender.BatchSize;

    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ExpireAfter > TimeSpan.Zero && o.LeaseWait > TimeSpan.Zero,
                "Cameras:Ingest:ExpireAfter and Cameras:Ingest:LeaseWait must be positive durations.")
            .ValidateOnStart();
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            // A dock whose cable is pulled sends nothing more, and nothing tells the server. These limits end such a
            // connection within about a minute, so its PATCH saves what arrived and lets go of the upload's lease
            // (a HEAD takes the lease back sooner, see UploadLeases); a slow but living link (≥ 1 KB/s) is kept.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(30));
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
            // Room for the network to go on while the appender hashes and writes the previous batch.
            kestrel.Limits.MaxRequestBufferSize = RequestBufferBytes;
        });
        services.AddSingleton<IStartupFilter, TusCors>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<UploadLeases>();
        services.AddSingleton<StagingArea>();
        services.AddSingleton<UploadHashers>();
        services.AddSingleton<BodyAppender>();
        services.AddSingleton<UploadCompletion>();
        services.AddSingleton<UploadServices>();
        services.AddHostedService<LeaseReleaseListener>();
        services.AddHostedService<UploadSweeper>();
        builder.AddLiveWindow();
        services.AddSingleton<IStartupFilter, LiveBasicAuth>();
        services.AddSingleton<LiveFeeds>();
        services.AddSingleton<LivePush>();
        services.AddSingleton<LiveEnding>();
        services.AddHostedService<LiveSilenceSweeper>();
        builder.AddGateways();
        return builder;
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        app.MapTus();
        app.MapOffloads();
        app.MapLivePush();
        app.MapTerminal();
        app.MapGateways();
        return app;
    }
}
