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
using Quartz;

namespace Cameras.Transcode;

/// <summary>Processing workers (probe, re-verify, playback proxy, thumbnails) on a Quartz.NET cluster in PostgreSQL.</summary>
public static class TranscodeModule
{
    /// <summary>The worker role: a clustered Quartz scheduler on the catalog's PostgreSQL, and the recording queue.</summary>
    public static IHostApplicationBuilder AddTranscode(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TranscodeOptions>().Bind(builder.Configuration.GetSection(TranscodeOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(TranscodeOptions.Section).Get<TranscodeOptions>() ?? new TranscodeOptions();
        var evidence = builder.Configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();

        builder.Services.AddQuartz(quartz =>
        {
            // Every worker joins one cluster, known in it by this node's name.
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "cameras";
                scheduler.InstanceId = evidence.Node;
                // A node is told of the jobs it schedules itself at once; this is how soon an idle node notices
                // those another node scheduled (a backlog there). Default 30 s; each look is one small query.
                scheduler.IdleWaitTime = TimeSpan.FromSeconds(settings.IdleWaitSeconds);
            });
            quartz.UseDefaultThreadPool(settings.Concurrency);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(evidence.Postgres);
                store.UseSystemTextJsonSerializer();
                // Quartz creates its own tables when they are missing, under its own lock; nodes may start together.
                store.ProvisionSchema();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(settings.ClusterCheckinSeconds);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(settings.ClusterFailoverSeconds);
                });
            });
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = false);
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
        return app;
    }

    /// <summary>What both the worker and the API need: ffmpeg, the derivative store, the pipeline's steps.</summary>
    public static IServiceCollection AddTranscodeCore(this IServiceCollection services)
    {
        services.AddOptions<TranscodeOptions>();
        services.TryAddSingleton<FfmpegRunner>();
        services.TryAddSingleton<DerivativeStore>();
        services.TryAddSingleton<ProcessingSteps>();
        services.TryAddSingleton<ScratchArea>();
        services.TryAddSingleton<RecordingUpdates>();
        services.TryAddSingleton<FfmpegProbeReader>();
        services.TryAddSingleton<ProbeStep>();
        services.TryAddSingleton<VerifyStep>();
        services.TryAddSingleton<ProxyStep>();
        services.TryAddSingleton<ThumbnailStep>();
        return services;
    }
}
