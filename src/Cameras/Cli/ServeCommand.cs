using Microsoft.Extensions.Options;
using System.CommandLine;

namespace Cameras.Cli;

/// <summary><c>cameras serve</c>: composes the modules chosen by <c>--roles</c> into one web host.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8080)." };
        var data = new Option<string?>("--data") { Description = "Data folder (default .data): instance keys, stored objects." };
        var roles = new Option<string?>("--roles") { Description = $"Comma-separated roles to run: {string.Join(", ", ServerRoles.Names)} (default all)." };
        var demo = new Option<bool>("--demo") { Description = "Also dock a sample recording and start a sample live feed." };
        var command = new Command("serve", "Run the server.") { urls, data, roles, demo };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(urls), result.GetValue(data), result.GetValue(roles), result.GetValue(demo), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? urls, string? data, string? rolesText, bool demo, CancellationToken cancellationToken)
    {
        ServerRoles roles;
        try
        {
            roles = ServerRoles.Parse(rolesText);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        try
        {
            var app = CamerasHost.Build(new ServeSettings(urls, data, roles, demo));
            await app.RunAsync(cancellationToken);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            // A wrong setting stops the server at once, saying which one.
            foreach (var failure in e.Failures) await Console.Error.WriteLineAsync("configuration: " + failure);
            return 2;
        }
        catch (InvalidOperationException e) when (e.Source == "Microsoft.Extensions.Configuration.Binder")
        {
            // A value of the wrong type (Cameras:Live:Record=partial): the binder's message names the setting and the value.
            await Console.Error.WriteLineAsync("configuration: " + e.Message);
            return 2;
        }
    }
}
