using Cameras.Evidence.Custody;
using Cameras.Evidence.Database;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Health;
using Cameras.Evidence.Http;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Registre;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Review;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence;

public static class EvidenceModule
{
    /// <summary>
    /// The core every role needs: settings, the catalog in PostgreSQL (schema brought up to date at start),
    /// the object store, the instance keys, bearer-token authentication, problem+json errors, health checks.
    /// </summary>
    public static IHostApplicationBuilder AddEvidence(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EvidenceOptions>().Bind(builder.Configuration.GetSection(EvidenceOptions.Section))
            .ValidateDataAnnotations().Validate(o => o.Storage.Kind != StorageKind.S3 || !string.IsNullOrEmpty(o.Storage.S3.Bucket),
                "Cameras:Storage:S3:Bucket must name a bucket when Cameras:Storage:Kind is S3.")
            .Validate(o => string.IsNullOrEmpty(o.Auth.Authority) || Uri.TryCreate(o.Auth.Authority, UriKind.Absolute, out var uri)
                    && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp && !o.Auth.RequireHttpsMetadata),
                "Cameras:Auth:Authority must be the https URL of an OpenID Connect issuer; a plain http one (development, tests) "
                + "also needs Cameras:Auth:RequireHttpsMetadata=false.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<EvidenceOptions>, EvidenceOptionsValidator>();
        services.AddSingleton<IValidateOptions<EvidenceOptions>, AzureBlobOptionsValidator>();
        services.AddSingleton<IValidateOptions<EvidenceOptions>, AuthOptionsValidator>();

        // The application works through the less-privileged connection when one is configured; only the
        // migrator uses the owner's (it creates the tables and their append-only guards).
        services.AddSingleton(sp => NpgsqlDataSource.Create(Options(sp).PostgresApp is { Length: > 0 } app ? app : Options(sp).Postgres));
        services.AddSingleton(sp => new SchemaMigrator(NpgsqlDataSource.Create(Options(sp).Postgres),
            sp.GetRequiredService<ILogger<SchemaMigrator>>()));
        services.AddHostedService<SchemaMigrationService>();

        services.AddSingleton<IObjectStore>(sp => CreateObjectStore(Options(sp)));
        services.AddSingleton(sp => new InstanceKeys(Options(sp).KeysFolder));
        services.AddHostedService<InstanceKeysStartup>();
        services.AddSingleton(sp => new TokenIssuer(sp.GetRequiredService<InstanceKeys>(), Options(sp).Auth.Audience, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new NodeTokens(sp.GetRequiredService<InstanceKeys>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new NodeCredential(sp.GetRequiredService<NodeTokens>(), Options(sp).Node, sp.GetRequiredService<TimeProvider>()));

        services.AddCamerasAuthentication();
        services.AddHostedService<SignInLinks>();

        services.AddProblemDetails();
        services.AddHttpEdge();
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"])
            .AddCheck<ObjectStoreHealthCheck>("object-store", tags: ["ready"]);

        services.AddSingleton<RecordingCatalog>();
        services.AddSingleton<RecordingRegistry>();
        services.AddSingleton<RecordingCorrections>();
        services.AddSingleton<RegistreStore>();
        services.AddSingleton<RegistreReport>();
        services.AddSingleton<RegistreConsultations>();
        services.AddSingleton<ICustodyLedger, PostgresCustodyLedger>();
        builder.AddLedger();
        builder.AddExports();
        services.AddReview();
        return builder;
    }

    /// <summary>The evidence API: the catalog of recordings.</summary>
    public static IEndpointRouteBuilder MapEvidence(this IEndpointRouteBuilder app)
    {
        app.MapIdentity();
        app.MapRecordings();
        app.MapLedger();
        app.MapCustody();
        app.MapRecordingMedia();
        app.MapRetention();
        app.MapRegistre();
        app.MapExportsAndCases();
        app.MapReview();
        return app;
    }

    public static IObjectStore CreateObjectStore(EvidenceOptions options) => options.Storage.Kind switch
    {
        StorageKind.S3 => new S3ObjectStore(S3ObjectStore.CreateClient(options.Storage.S3), options.Storage.S3),
        StorageKind.AzureBlob => new AzureBlobObjectStore(options.Storage.AzureBlob),
        _ => new FileSystemObjectStore(options.Storage.Path ?? Path.Combine(options.Data, "objects")),
    };

    private static EvidenceOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<EvidenceOptions>>().Value;
}
