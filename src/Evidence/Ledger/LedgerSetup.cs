using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>The ledger's services, with the access log and retention that write into it. The sequencer runs on every node (one at a time holds its lock); checkpoints are
/// issued where the evidence role runs.</summary>
internal static class LedgerSetup
{
    public static void AddLedger(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LedgerSignal>();
        services.AddSingleton(sp => new LedgerSequencer(sp.GetRequiredService<NpgsqlDataSource>(), Ledger(sp).SequencerBatch));
        services.AddSingleton(sp => new CheckpointIssuer(sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<InstanceKeys>(), Ledger(sp).Origin, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LedgerReader>();
        services.AddSingleton(sp => new LedgerVerifier(sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<InstanceKeys>().Get(InstanceKeys.LedgerSigning)));
        services.AddSingleton<Access.AccessLog>();
        services.AddSingleton<Access.RepeatedViews>();
        services.AddSingleton<Retention.LegalHolds>();
        services.AddSingleton<Retention.StoreRetention>();
        services.AddSingleton<Retention.PersonalErasure>();
        services.AddSingleton(sp => new Retention.RetentionPurge(sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<Custody.ICustodyLedger>(),
            sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.Retention.RecordingDays));
        services.AddHostedService<LedgerSequencerService>();
        if (RunsEvidenceRole(builder))
        {
            services.AddHostedService<CheckpointService>();
            services.AddHostedService<Retention.RetentionService>();
        }
    }

    /// <summary>Cameras:Roles as `serve --roles` set it; empty means every role.</summary>
    public static bool RunsEvidenceRole(IHostApplicationBuilder builder) =>
        builder.Configuration["Cameras:Roles"] is not { Length: > 0 } roles
        || roles.Split(',', StringSplitOptions.TrimEntries).Contains("evidence");

    private static LedgerOptions Ledger(IServiceProvider services) =>
        services.GetRequiredService<IOptions<EvidenceOptions>>().Value.Ledger;
}
