using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>Sign-in settings that do not hold together stop `cameras serve` at start, naming what to fix.</summary>
public sealed class SignInSettingsTests
{
    [Theory]
    [InlineData("Cameras__Auth__Claims__Role", "cameras role", "Cameras:Auth:Claims:Role must name a claim")]
    [InlineData("Cameras__Auth__Claims__Nom", "given_name", "Cameras:Auth:Claims:Nom and Cameras:Auth:Claims:Prenom all read the claim 'given_name'")]
    [InlineData("Cameras__Auth__Claims__Matricule", "cameras_role", "Cameras:Auth:Claims:Matricule reads the role's claim 'cameras_role'")]
    [InlineData("Cameras__Auth__RoleClaim", "groups", "Cameras:Auth:Claims:Role (cameras_role) and Cameras:Auth:RoleClaim (groups) name different claims")]
    [InlineData("Cameras__Auth__Scope", "profile", "Cameras:Auth:Scope must include 'openid'")]
    [InlineData("Cameras__Auth__Resource", "not a uri", "Cameras:Auth:Resource must be an absolute URI")]
    [InlineData("Cameras__Auth__Authority", "", "Cameras:Auth:ClientId is set but Cameras:Auth:Authority is not")]
    [InlineData("Cameras__Auth__RequireHttpsMetadata", "true", "Cameras:Auth:Authority must be the https URL")]
    public async Task A_wrong_sign_in_setting_stops_the_server_with_its_name(string name, string value, string message)
    {
        var data = Directory.CreateTempSubdirectory("cameras-signin-settings-").FullName;
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["Cameras__Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody", // never reached: the settings fail first
                ["Cameras__Auth__Authority"] = "http://127.0.0.1:1",
                ["Cameras__Auth__RequireHttpsMetadata"] = "false",
                ["Cameras__Auth__ClientId"] = "cameras-workspace",
                ["Cameras__Auth__Claims__Role"] = "cameras_role",
                ["Cameras__Auth__Claims__Prenom"] = "given_name",
            };
            environment[name] = value;
            var result = await ExternalProcess.RunAsync("dotnet",
                [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "serve", "--data", data, "--urls", "http://127.0.0.1:0"], environment);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(message, result.Stderr + result.Stdout);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
