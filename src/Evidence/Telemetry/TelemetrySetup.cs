using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cameras.Evidence.Telemetry;

/// <summary>
/// OpenTelemetry metrics (ASP.NET Core, Npgsql, our own meters) exposed as Prometheus text at <c>/metrics</c> and,
/// when a collector is configured, sent with traces by OTLP. <c>/metrics</c> wants an admin token on the main port;
/// <c>Cameras:Metrics:Port</c> opens a second port that serves only it, without a token, for an internal scraper.
/// </summary>
public static class TelemetrySetup
{
    public const string Path = "/metrics";

    /// <summary>Call after the server's URLs are set: the metrics port is added to them.</summary>
    public static WebApplicationBuilder AddCamerasTelemetry(this WebApplicationBuilder builder, bool worker)
    {
        var configuration = builder.Configuration;
        var metrics = configuration.GetSection("Cameras:Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        var telemetry = configuration.GetSection("Cameras:Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<MetricsOptions>().Bind(configuration.GetSection("Cameras:Metrics"))
            .Validate(o => o.Port is null or > 0 and < 65536, "Cameras:Metrics:Port must be a TCP port (1-65535), or unset.")
            .ValidateOnStart();
        if (metrics.Port is { } port and > 0 and < 65536)
        {
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            builder.WebHost.UseUrls($"{urls};http://{metrics.Address}:{port}");
        }
        var otlp = telemetry.OtlpEndpoint is { Length: > 0 } endpoint ? endpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];

        var node = configuration["Cameras:Node"] ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cameras", serviceInstanceId: node))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddNpgsqlInstrumentation().AddMeter(CamerasMetrics.Meters).AddPrometheusExporter();
                if (otlp is not null) m.AddOtlpExporter(o => Point(o, telemetry, "metrics"));
            });
        // Traces only where something receives them: a span nobody exports is work for nothing.
        if (otlp is not null)
            otel.WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = http => http.Request.Path != Path)
                .AddNpgsql().AddOtlpExporter(o => Point(o, telemetry, "traces")));
        if (worker) builder.Services.AddHostedService<QueueDepthSampler>();
        return builder;
    }

    /// <summary>Our setting, when given, names the collector; otherwise the exporter reads the OTEL_EXPORTER_OTLP_*
    /// variables itself. Over http/protobuf a base URL gets the signal's path, as the standard variable does.</summary>
    private static void Point(OtlpExporterOptions exporter, TelemetryOptions telemetry, string signal)
    {
        if (telemetry.OtlpEndpoint is not { Length: > 0 } endpoint) return;
        exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri($"{endpoint.TrimEnd('/')}/v1/{signal}")
            : new Uri(endpoint);
    }

    /// <summary>Early in the pipeline: on the metrics port, <c>/metrics</c> without a token and nothing else.</summary>
    public static WebApplication UseCamerasMetricsPort(this WebApplication app)
    {
        if (app.Configuration.GetSection("Cameras:Metrics").Get<MetricsOptions>()?.Port is not { } port) return app;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Connection.LocalPort == port && http.Request.Path == Path);
        app.Use((http, next) =>
        {
            if (http.Connection.LocalPort != port) return next(http);
            http.Response.StatusCode = StatusCodes.Status404NotFound; // the metrics port serves nothing else
            return Task.CompletedTask;
        });
        return app;
    }

    /// <summary><c>/metrics</c> on the main port, for an admin token.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).RequireRoles(Roles.Admin);
        return app;
    }
}
