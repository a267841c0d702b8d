using System.CommandLine;
using Cameras.Evidence;
using Cameras.Evidence.Security;

namespace Cameras.Cli;

/// <summary><c>cameras token</c>: prints a bearer token signed with the instance key in the data folder.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data folder holding the instance keys (default .data).", DefaultValueFactory = _ => ".data" };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var subject = new Option<string>("--subject") { Description = "Who or what the token is for (officer id, terminal id, dock id…).", Required = true };
        var ttl = new Option<string>("--ttl") { Description = "Lifetime: 90s, 30m, 8h, 7d (default 8h).", DefaultValueFactory = _ => "8h" };
        var command = new Command("token", "Print a bearer token signed with this instance's key.") { data, role, subject, ttl };
        command.SetAction(result =>
        {
            if (!Lifetime.TryParse(result.GetValue(ttl)!, out var lifetime))
            {
                Console.Error.WriteLine("--ttl must be a number followed by s, m, h or d (for example 8h).");
                return 2;
            }
            var roleName = result.GetValue(role)!;
            if (!Roles.IsKnown(roleName))
            {
                Console.Error.WriteLine($"Unknown role '{roleName}'; roles are {string.Join(", ", Roles.All)}.");
                return 2;
            }
            var options = new EvidenceOptions { Data = result.GetValue(data)! };
            var issuer = new TokenIssuer(new InstanceKeys(options.KeysFolder), options.Auth.Audience);
            Console.WriteLine(issuer.Issue(roleName, result.GetValue(subject)!, lifetime));
            return 0;
        });
        return command;
    }
}
