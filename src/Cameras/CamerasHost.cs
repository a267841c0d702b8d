using Cameras.CommandRoom;
using Cameras.Evidence;
using Cameras.Evidence.Http;
using Cameras.Evidence.Telemetry;
using Cameras.Ingest;
using Cameras.Transcode;
using Microsoft.Extensions.Options;

namespace Cameras;

/// <summary>The server: the modules chosen by role, composed through their Add*/Map* entry points.</summary>
public static class CamerasHost
{
    public static WebApplication Build(ServeSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // appsettings.json sits beside the binary, wherever it is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        var overrides = new Dictionary<string, string?>
        {
            ["Cameras:Roles"] = settings.Roles.ToString(),
            ["Cameras:Demo"] = settings.Demo ? "true" : "false",
        };
        if (settings.Data is not null) overrides["Cameras:Data"] = DataFolder(settings.Data);
        foreach (var (key, value) in settings.Configuration) overrides[key] = value;
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.WebHost.UseUrls(settings.Urls ?? builder.Configuration["Cameras:Urls"] ?? "http://127.0.0.1:8080");
        // Uploads are as large as a 4-hour recording; each module bounds what it reads itself.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.AddCamerasTelemetry(settings.Roles.Worker);

        var roles = settings.Roles;
        // Before the modules, whose TryAdd(TimeProvider.System) then keeps this one.
        if (settings.Clock is { } clock) builder.Services.AddSingleton(clock);
        builder.AddEvidence();
        if (roles.Ingest) builder.AddIngest();
        if (roles.Worker) builder.AddTranscode();
        if (roles.Evidence) builder.Services.AddTranscodeCore();
        if (roles.CommandRoom) builder.AddCommandRoom();
        builder.Services.AddOpenApi();
        if (settings.Demo && roles.Ingest) builder.Services.AddHostedService<Demo.DemoFeed>();

        var app = builder.Build();
        // The settings are checked here, before anything is mapped, not only as the host starts: mapping the job
        // dashboard builds Hangfire's storage, which creates its schema in PostgreSQL (and, with no server there, retried
        // for about 30 s), so a wrong setting stopped the start late, having written to the database first.
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.UseHttpEdge();
        app.UseCamerasMetricsPort();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapMetrics();
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        if (roles.Evidence) app.MapEvidence().MapTranscode();
        if (roles.Ingest) app.MapIngest();
        if (roles.CommandRoom) app.MapCommandRoom();
        return app;
    }

    /// <summary>Where <c>--data</c> points: relative to the current folder (the one the command was typed in).</summary>
    public static string DataFolder(string data) => Path.GetFullPath(data);
}
