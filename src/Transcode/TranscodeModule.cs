using Cameras.Evidence;
using Cameras.Transcode.Exports;
using Cameras.Transcode.Ffmpeg;
using Cameras.Transcode.Jobs;
using Cameras.Transcode.Live;
using Cameras.Transcode.Pipeline;
using Cameras.Transcode.Playback;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode;

/// <summary>Processing workers (probe, re-verify, playback proxy, thumbnails, exports, live assembly) on Hangfire in PostgreSQL.</summary>
public static class TranscodeModule
{
    /// <summary>The worker role: Hangfire's workers on the catalog's PostgreSQL, and the queues that feed them.</summary>
    public static IHostApplicationBuilder AddTranscode(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTranscodeOptions(builder.Configuration);
        builder.Services.AddJobServer();
        builder.Services.AddHostedService<RecordingQueue>();
        ExportQueue.AddTo(builder.Services);
        builder.Services.AddSingleton<LiveMatcher>().AddHostedService<LiveAssemblyQueue>();
        builder.Services.AddTranscodeCore();
        return builder;
    }

    /// <summary>The playback proxy and thumbnails of a recording, for API nodes.</summary>
    public static IEndpointRouteBuilder MapTranscode(this IEndpointRouteBuilder app)
    {
        app.MapPlayback();
        app.MapJobsDashboard();
        return app;
    }

    /// <summary>What both the worker and the API need: ffmpeg, the derivative store, the pipeline's steps.</summary>
    public static IServiceCollection AddTranscodeCore(this IServiceCollection services)
    {
        services.AddOptions<TranscodeOptions>();
        services.AddJobStorage();
        services.AddJobsDashboardAuthentication();
        services.TryAddSingleton<FfmpegTool>();
        services.TryAddSingleton<DerivativeStore>();
        services.TryAddSingleton<ProcessingSteps>();
        services.TryAddSingleton<ScratchArea>();
        services.TryAddSingleton<RecordingUpdates>();
        services.TryAddSingleton<ProbeStep>();
        services.TryAddSingleton<VerifyStep>();
        services.TryAddSingleton<ProxyStep>();
        services.TryAddSingleton<ThumbnailStep>();
        return services;
    }

    private static void AddTranscodeOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TranscodeOptions>().Bind(configuration.GetSection(TranscodeOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TranscodeOptions>, TranscodeOptionsValidator>());
    }
}
