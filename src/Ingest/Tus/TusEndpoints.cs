using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Ingest.Tus;

/// <summary>tus 1.0.0 at /dock/uploads. Only dock tokens (and admin) may upload; OPTIONS is open.</summary>
internal static class TusEndpoints
{
    public static void MapTus(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dock/uploads").WithTags("Dock uploads (tus)").AddEndpointFilter<TusResumableFilter>();
        group.MapMethods("", ["OPTIONS"], TusOptions.Handle).AllowAnonymous();
        group.MapMethods("/{id}", ["OPTIONS"], TusOptions.Handle).AllowAnonymous();
        group.MapPost("", TusCreate.HandleAsync).RequireRoles(Roles.Dock, Roles.Admin);
        group.MapMethods("/{id}", ["HEAD"], TusHead.HandleAsync).RequireRoles(Roles.Dock, Roles.Admin);
        group.MapPatch("/{id}", TusPatch.HandleAsync).RequireRoles(Roles.Dock, Roles.Admin);
        group.MapDelete("/{id}", TusDelete.HandleAsync).RequireRoles(Roles.Dock, Roles.Admin);
    }
}
