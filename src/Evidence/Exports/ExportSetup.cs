using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Exports;

/// <summary>Cases and sealed exports: settings, the signing authority, the builder the workers run, the API.</summary>
internal static class ExportSetup
{
    public static void AddExports(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ExportOptions>().Bind(builder.Configuration.GetSection(ExportOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.CertificatePath) == string.IsNullOrEmpty(o.KeyPath),
                "Cameras:Exports:CertificatePath and Cameras:Exports:KeyPath go together: give both or neither.")
            .Validate(o => string.IsNullOrEmpty(o.TsaUrl) || Uri.TryCreate(o.TsaUrl, UriKind.Absolute, out _),
                "Cameras:Exports:TsaUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton(sp => ExportAuthority.Load(sp.GetRequiredService<IOptions<ExportOptions>>().Value,
            sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.Data));
        services.AddSingleton<ExportCatalog>();
        services.AddSingleton<ExportRequests>();
        services.AddSingleton<CaseCatalog>();
        services.AddSingleton<ExportLedger>();
        services.AddSingleton<ManifestSigner>();
        services.AddSingleton<ExportBuilder>();
        services.AddHostedService<AuthorityAtStart>();
    }

    public static void MapExportsAndCases(this IEndpointRouteBuilder app)
    {
        app.MapExports();
        app.MapCases();
    }

    /// <summary>Loads (or creates, the first time) the authority at start, so a bad file stops the process at once.</summary>
    private sealed class AuthorityAtStart(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<ExportAuthority>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
