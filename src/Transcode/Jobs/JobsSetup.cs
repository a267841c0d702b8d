using Cameras.Evidence;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Hangfire on the catalog's PostgreSQL, in its own schema (<c>hangfire</c>, created and upgraded by Hangfire itself
/// under its own lock, so nodes may start together): the storage and client on every node that enqueues or shows the
/// dashboard, the server (the workers) on worker nodes only.
/// </summary>
public static class JobsSetup
{
    public const string Schema = "hangfire";

    /// <summary>The job storage and client; idempotent.</summary>
    public static IServiceCollection AddJobStorage(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(JobStorageMarker))) return services;
        services.AddSingleton<JobStorageMarker>();
        // This host's own storage, registered before AddHangfire so that its registration (which hands out the
        // process-wide JobStorage.Current) does not replace it: several hosts in one process (the test suite, a node
        // running two roles' hosts) each keep their own database instead of the last one configured.
        services.AddSingleton<JobStorage>(provider =>
        {
            // Read from the configuration, not IOptions<EvidenceOptions>: Hangfire builds its storage while the dashboard is
            // mapped, before the host starts, and the settings' validation must stop the start (with its message) instead.
            // The owner's connection, not Cameras:PostgresApp: Hangfire creates and upgrades its own schema.
            var postgres = provider.GetRequiredService<IConfiguration>().GetSection(EvidenceOptions.Section)[nameof(EvidenceOptions.Postgres)] ?? "";
            var options = StorageOptions(provider.GetRequiredService<IOptions<TranscodeOptions>>().Value);
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(postgres, options), options);
        });
        // The same for the activator: Hangfire.AspNetCore's registration hands out the process-wide JobActivator.Current,
        // which would build every host's jobs from the services of the last host configured.
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<HangfireLogAttachment>();
        services.AddHangfire((provider, configuration) => configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(provider.GetRequiredService<HangfireLogAttachment>().Provider));
        services.TryAddSingleton<JobEnqueuer>();
        return services;
    }

    /// <summary>The workers: <c>Cameras:Transcode:Concurrency</c> of them, on the queues of <c>Cameras:Transcode:Queues</c>.</summary>
    public static IServiceCollection AddJobServer(this IServiceCollection services)
    {
        services.AddJobStorage();
        services.AddHangfireServer((provider, server) =>
        {
            var evidence = provider.GetRequiredService<IOptions<EvidenceOptions>>().Value;
            var transcode = provider.GetRequiredService<IOptions<TranscodeOptions>>().Value;
            server.ServerName = evidence.Node;
            server.WorkerCount = transcode.Concurrency;
            server.Queues = [.. JobQueues.Parse(transcode.Queues)!];
            server.HeartbeatInterval = TimeSpan.FromSeconds(transcode.ClusterCheckinSeconds);
            server.ServerCheckInterval = TimeSpan.FromSeconds(transcode.ClusterCheckinSeconds);
            server.ServerTimeout = TimeSpan.FromSeconds(transcode.ClusterFailoverSeconds);
            // A retry waits in the scheduled set; this is how late past its time it may be enqueued (default 15 s).
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            // A stopping node gives its running jobs back at once (they resume where they stopped elsewhere).
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        return services;
    }

    /// <summary>
    /// How <c>ClusterFailoverSeconds</c> (F) is spent when a worker dies mid-job: its claim lapses (the invisibility
    /// timeout T, kept fresh while it lives), an idle survivor looks at the queues (at most its poll P after that), then
    /// picks the job up and starts it again (its state change, the recording's lease, re-reading the recording, ffprobe:
    /// the start allowance S). T + P + S = F, so the job runs again within F. Whole seconds: Hangfire.PostgreSql writes
    /// the timeout into its SQL as whole seconds.
    /// </summary>
    public sealed record FailoverBudget(TimeSpan Invisibility, TimeSpan Poll, TimeSpan StartAllowance)
    {
        /// <summary>
        /// The shortest claim allowed: Hangfire.PostgreSql renews a running job's claim every fifth of the timeout but
        /// looks only once a second, so a live claim is up to about a second old, more on a loaded machine; three
        /// seconds keep two in hand before a live job would be taken from its worker.
        /// </summary>
        public const int MinInvisibilitySeconds = 3;

        /// <summary>The start allowance: a fifth of F, two seconds at least (measured: about one on a loaded 2-core machine).</summary>
        public const int MinStartSeconds = 2;

        /// <summary>The smallest F for which T is at least <see cref="MinInvisibilitySeconds"/> (poll 1 s).</summary>
        public const int MinFailoverSeconds = MinInvisibilitySeconds + 1 + MinStartSeconds;

        public static FailoverBudget For(TranscodeOptions transcode)
        {
            var failover = Math.Max(transcode.ClusterFailoverSeconds, MinFailoverSeconds);
            var start = Math.Max(MinStartSeconds, failover / 5);
            // The poll is IdleWaitSeconds, but at most a quarter of what the claim and the poll share.
            var poll = Math.Clamp(transcode.IdleWaitSeconds, 1, Math.Max(1, Math.Min((failover - start) / 4, failover - start - MinInvisibilitySeconds)));
            return new(TimeSpan.FromSeconds(failover - start - poll), TimeSpan.FromSeconds(poll), TimeSpan.FromSeconds(start));
        }
    }

    /// <summary>
    /// The storage's timings from <see cref="FailoverBudget"/>: a dead worker's job runs again within
    /// <c>ClusterFailoverSeconds</c>, and so does one whose node died holding a Hangfire lock.
    /// </summary>
    public static PostgreSqlStorageOptions StorageOptions(TranscodeOptions transcode)
    {
        var budget = FailoverBudget.For(transcode);
        return new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = budget.Invisibility,
            // A lock left by a node killed while holding it (a job's state lock, taken as a worker picks the job up) is
            // removed once this old (by default ten minutes, for which the job it guards could start nowhere). The
            // node died just after taking it, so just after claiming the job: the lock lapses when the claim does.
            DistributedLockTimeout = budget.Invisibility,
            QueuePollInterval = budget.Poll,
            // Workers LISTEN for new jobs: an enqueue on any node wakes them at once instead of at their next poll.
            EnableLongPolling = true,
        };
    }

    private sealed class JobStorageMarker;

    /// <summary>This host's logger factory in <see cref="HangfireLogBridge"/>, from the configuration of Hangfire to the host's end.</summary>
    private sealed class HangfireLogAttachment(ILoggerFactory loggers) : IDisposable
    {
        private readonly IDisposable _attachment = HangfireLogBridge.Instance.Attach(loggers);

        public HangfireLogBridge Provider => HangfireLogBridge.Instance;

        public void Dispose() => _attachment.Dispose();
    }
}
