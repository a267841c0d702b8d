using System.CommandLine;
using Cameras.Evidence;
using Cameras.Evidence.Security;

namespace Cameras.Cli;

/// <summary>
/// <c>cameras token</c>: prints a bearer token signed with the instance key in the data folder. The folder is found as
/// <c>serve</c> finds it (<see cref="CliSettings"/>), and one without the instance's token key is refused: creating a
/// fresh key there would print a token that no server accepts.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data folder holding the instance keys, as given to serve (default .data)." };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var subject = new Option<string>("--subject") { Description = "Who or what the token is for (officer id, terminal id, dock id…).", Required = true };
        var ttl = new Option<string>("--ttl") { Description = "Lifetime: 90s, 30m, 8h, 7d (default 8h).", DefaultValueFactory = _ => "8h" };
        var agent = new AgentOptions();
        var command = new Command("token", "Print a bearer token signed with this instance's key.") { data, role, subject, ttl };
        agent.AddTo(command);
        command.SetAction(result =>
        {
            if (!Lifetime.TryParse(result.GetValue(ttl)!, out var lifetime))
                return Refuse("--ttl must be a number followed by s, m, h or d (for example 8h).");
            var roleName = result.GetValue(role)!;
            if (!Roles.IsKnown(roleName))
                return Refuse($"Unknown role '{roleName}'; roles are {string.Join(", ", Roles.All)}.");
            if (agent.Read(result, out var claims) is { } badAgent) return Refuse(badAgent);
            var options = CliSettings.Evidence(result.GetValue(data));
            if (KeysProblem(options) is { } noKeys) return Refuse(noKeys);
            var issuer = new TokenIssuer(new InstanceKeys(options.KeysFolder), options.Auth.Audience, TimeProvider.System);
            Console.WriteLine(issuer.Issue(roleName, result.GetValue(subject)!, lifetime, agent: claims));
            return 0;
        });
        return command;
    }

    /// <summary>Why no token the server accepts can be made from these settings, or null.</summary>
    private static string? KeysProblem(EvidenceOptions options)
    {
        if (!string.IsNullOrEmpty(options.Auth.Authority))
            return $"Cameras:Auth:Authority is set ({options.Auth.Authority}): the server accepts only that provider's tokens; ask it for one.";
        var key = Path.Combine(options.KeysFolder, InstanceKeys.TokenSigning + ".pem");
        if (File.Exists(key)) return null;
        return $"No instance keys in {options.KeysFolder} (no {InstanceKeys.TokenSigning}.pem): give --data the data folder the server "
            + "runs with (it creates its keys at its first start), relative to where you started it. Nothing was created.";
    }

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
