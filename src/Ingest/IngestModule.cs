using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Cameras.Ingest;

/// <summary>Dock uploads (tus) and live pushes from terminals.</summary>
public static class IngestModule
{
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app) => app;
}
