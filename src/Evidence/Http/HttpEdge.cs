using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Serialization.Metadata;

namespace Cameras.Evidence.Http;

/// <summary>
/// What every request meets before and around its endpoint, whatever the role: security headers, problems for the
/// exceptions that are not faults of the code (<see cref="EdgeExceptionHandler"/>), a detailed body for the framework's
/// own errors (<see cref="StatusProblems"/>), and the text checks (<see cref="EdgeTextMiddleware"/>).
/// </summary>
public static class HttpEdge
{
    public static IServiceCollection AddHttpEdge(this IServiceCollection services)
    {
        services.AddExceptionHandler<EdgeExceptionHandler>();
        // Binding failures (bad JSON, wrong types, a missing body) throw, so they reach the handler with their reason,
        // instead of a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new CheckedTextConverter("list item"));
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(CheckedTextConverter.Apply);
        });
        return services;
    }

    /// <summary>Goes first in the pipeline: the headers and the error handling then cover everything after it.</summary>
    public static IApplicationBuilder UseHttpEdge(this IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusProblems.WriteAsync);
        app.UseMiddleware<EdgeTextMiddleware>();
        return app;
    }
}
