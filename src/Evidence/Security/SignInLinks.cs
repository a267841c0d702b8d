using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Security;

/// <summary>
/// Prints ready sign-in links on the console (not the log: a token never goes into the logs) when the server starts
/// without an identity provider and <c>Cameras:Auth:SignInLinks</c> is on, so a newcomer gets in with one click.
/// </summary>
internal sealed class SignInLinks(IHostApplicationLifetime lifetime, IServer server, TokenIssuer issuer, IOptions<EvidenceOptions> options,
    TimeProvider clock) : IHostedService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// Who the links' tokens say the agents are: the register records a consultation only with a matricule (R241-5),
    /// so a newcomer's links carry made-up ones.
    /// </summary>
    public static readonly AgentClaims Admin = new("ADM-0001", "Administrateur", "Local", "Ingénieur", "Administration locale");

    public static readonly AgentClaims Operator = new("OPE-0001", "Opérateur", "Local", "Brigadier", "Salle de commandement");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Auth.SignInLinks && string.IsNullOrEmpty(options.Value.Auth.Authority))
            lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
        var root = Browsable(address);
        var now = clock.GetUtcNow();
        Console.Out.WriteLine($"""

            Cameras is ready. Sign in (links valid {Lifetime.TotalHours:0} h, until {now.Add(Lifetime):yyyy-MM-dd HH:mm} UTC):
              admin     {root}/app/recordings.html#token={issuer.Issue(Roles.Admin, "admin", Lifetime, Admin)}
              operator  {root}/#token={issuer.Issue(Roles.Operator, "operator", Lifetime, Operator)}

            """);
        Console.Out.Flush();
    }

    /// <summary>A listening address a browser can open: a wildcard host becomes the loopback address.</summary>
    internal static string Browsable(string address)
    {
        var uri = new UriBuilder(address);
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "*" or "+") uri.Host = "127.0.0.1";
        return uri.Uri.ToString().TrimEnd('/');
    }
}
