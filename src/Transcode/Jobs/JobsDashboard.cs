using Cameras.Evidence.Security;
using Hangfire;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Hangfire's dashboard at <c>/jobs</c>, for the admin role only, through the app's own bearer tokens: anonymous 401,
/// another role 403, both as problem+json. A browser cannot put a header on a page it navigates to, so the web
/// dashboard's link goes to <c>/jobs/signin?access_token=…</c>, which keeps the (admin) token in a cookie scoped to
/// <c>/jobs</c> (HttpOnly, SameSite=Strict: no other site's page can post to the dashboard with it) and sends the
/// browser on to <c>/jobs</c>, out of the address bar; the dashboard's pages then authenticate with that cookie or,
/// for scripts, the usual Authorization header. Its own scheme, so nowhere else is a cookie accepted.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/jobs";
    public const string Scheme = "JobsDashboard";
    public const string Cookie = "cameras_jobs";
    private const string Policy = "JobsDashboardAdmin";

    /// <summary>The dashboard's authentication scheme and policy (on every node that maps it).</summary>
    public static IServiceCollection AddJobsDashboardAuthentication(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(Marker))) return services;
        services.AddSingleton<Marker>();
        services.AddAuthentication().AddJwtBearer(Scheme);
        // The same tokens as the app's default scheme: its validation, read when this scheme is first configured (the
        // provider, not the options monitor, as the dependency: the monitor depends on this very configuration).
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<IServiceProvider>((options, provider) =>
        {
            var main = provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
            options.MapInboundClaims = false;
            options.Authority = main.Authority;
            options.Audience = main.Audience;
            options.RequireHttpsMetadata = main.RequireHttpsMetadata;
            options.TokenValidationParameters = main.TokenValidationParameters.Clone();
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var request = context.Request;
                    if (request.Path.StartsWithSegments(Path + "/signin") && request.Query.TryGetValue(QueryToken.Parameter, out var query)
                        && query.Count == 1)
                        context.Token = query[0];
                    else if (!request.Headers.Authorization.Any() && request.Cookies.TryGetValue(Cookie, out var cookie))
                        context.Token = cookie;
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    var detail = context.AuthenticateFailure is null
                        ? "The jobs dashboard needs an admin bearer token (Authorization: Bearer …), or open it from the web dashboard."
                        : "The bearer token is not valid here (expired, or not signed by this instance); sign in again.";
                    await Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized")
                        .ExecuteAsync(context.HttpContext);
                },
                OnForbidden = async context =>
                {
                    var role = IdentityEndpoints.Of(context.HttpContext.User).Role;
                    await Results.Problem($"The jobs dashboard is for the admin role; this token's role is '{role}'.",
                        statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context.HttpContext);
                },
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }

    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/signin", SignIn).RequireAuthorization(Policy).ExcludeFromDescription();
        app.MapHangfireDashboardWithNoAuthorizationFilters(Path, new DashboardOptions
        {
            DashboardTitle = "Cameras — jobs",
            AppPath = "/",
            // The dashboard's statistics poll; every few seconds is plenty for people watching a queue.
            StatsPollingInterval = 5000,
        }).RequireAuthorization(Policy);
        return app;
    }

    private static IResult SignIn(HttpContext context)
    {
        var token = context.Request.Query[QueryToken.Parameter].ToString();
        context.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            Path = Path, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, IsEssential = true,
        });
        return Results.Redirect(Path);
    }

    private sealed class Marker;
}
