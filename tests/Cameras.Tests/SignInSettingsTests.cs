using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>Sign-in settings that do not hold together stop `cameras serve` at start, naming what to fix.</summary>
public sealed class SignInSettingsTests
{
    private static readonly Dictionary<string, string?> Baseline = new()
    {
        ["Cameras__Auth__Authority"] = "http://127.0.0.1:1",
        ["Cameras__Auth__RequireHttpsMetadata"] = "false",
        ["Cameras__Auth__ClientId"] = "cameras-workspace",
        ["Cameras__Auth__Claims__Role"] = "cameras_role",
        ["Cameras__Auth__Claims__Prenom"] = "given_name",
    };

    [Theory]
    [InlineData("Cameras__Auth__Claims__Role", "cameras role", 2, "Cameras:Auth:Claims:Role must name a claim")]
    [InlineData("Cameras__Auth__Claims__Nom", "given_name", 2, "Cameras:Auth:Claims:Nom and Cameras:Auth:Claims:Prenom all read the claim 'given_name'")]
    [InlineData("Cameras__Auth__Claims__Matricule", "cameras_role", 2, "Cameras:Auth:Claims:Matricule reads the role's claim 'cameras_role'")]
    [InlineData("Cameras__Auth__RoleClaim", "groups", 2, "Cameras:Auth:Claims:Role (cameras_role) and Cameras:Auth:RoleClaim (groups) name different claims")]
    [InlineData("Cameras__Auth__Scope", "profile", 2, "Cameras:Auth:Scope must include 'openid'")]
    [InlineData("Cameras__Auth__Resource", "not a uri", 2, "Cameras:Auth:Resource must be an absolute URI")]
    [InlineData("Cameras__Auth__Authority", "", 2, "Cameras:Auth:ClientId is set but Cameras:Auth:Authority is not")]
    [InlineData("Cameras__Auth__RequireHttpsMetadata", "true", 2, "Cameras:Auth:Authority must be the https URL")]
    // Unset, RequireHttpsMetadata is true: an http authority needs it said false.
    [InlineData("Cameras__Auth__RequireHttpsMetadata", null, 2, "also needs Cameras:Auth:RequireHttpsMetadata=false")]
    public async Task A_wrong_sign_in_setting_stops_the_server_with_its_name(string name, string? value, int exitCode, string message)
    {
        var start = await RefusedStart.ServeAsync(Baseline, name, value);

        Assert.Equal(exitCode, start.ExitCode);
        Assert.Contains(message, start.Output);
        Assert.Empty(start.Written);
    }
}
