using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>
/// Settings that do not hold together stop `cameras serve` at start, naming what to fix, having written nothing. A row:
/// a set of settings that holds together (<see cref="Baselines"/>), one setting changed (null: unset) → exit code, message.
/// </summary>
public sealed class SettingsAtStartTests
{
    private static readonly Dictionary<string, Dictionary<string, string?>> Baselines = new()
    {
        ["default"] = [],
        ["azure"] = new()
        {
            ["Cameras__Storage__Kind"] = "AzureBlob",
            ["Cameras__Storage__AzureBlob__ServiceUrl"] = "https://account.blob.core.windows.net",
            ["Cameras__Storage__AzureBlob__Credential"] = "Entra",
        },
        ["oidc"] = new()
        {
            ["Cameras__Auth__Authority"] = "http://127.0.0.1:1",
            ["Cameras__Auth__RequireHttpsMetadata"] = "false",
            ["Cameras__Auth__ClientId"] = "cameras-workspace",
            ["Cameras__Auth__Claims__Role"] = "cameras_role",
            ["Cameras__Auth__Claims__Prenom"] = "given_name",
        },
    };

    [Theory]
    [InlineData("default", "Cameras__Postgres", null, 2, "Cameras:Postgres")]
    [InlineData("default", "Cameras__Metrics__Port", "70000", 2, "Cameras:Metrics:Port")]
    [InlineData("default", "Cameras__Live__Record", "partial", 2, "configuration: Failed to convert configuration value 'partial' at 'Cameras:Live:Record'")]
    [InlineData("default", "Cameras__Live__Record", "7", 2, "Cameras:Live:Record must be hashes")]
    [InlineData("default", "Cameras__Transcode__RecordingRetries", "-1", 2, "Cameras:Transcode:RecordingRetries must be between 0 and 20")]
    [InlineData("default", "Cameras__Transcode__RecordingRetryDelay", "2.00:00:00", 2, "Cameras:Transcode:RecordingRetryDelay must be between 00:00:00 and 1.00:00:00")]
    [InlineData("default", "Cameras__Transcode__LiveRetries", "21", 2, "Cameras:Transcode:LiveRetries must be between 0 and 20")]
    [InlineData("default", "Cameras__Transcode__LiveRetryDelay", "-00:00:01", 2, "Cameras:Transcode:LiveRetryDelay must be between 00:00:00 and 1.00:00:00")]
    [InlineData("default", "Cameras__Transcode__LiveRetryDelay", "soon", 2, "configuration: Failed to convert configuration value 'soon' at 'Cameras:Transcode:LiveRetryDelay'")]
    [InlineData("default", "Cameras__Transcode__ClusterFailoverSeconds", "5", 2, "Cameras:Transcode:ClusterFailoverSeconds must be between 6 and 3600")]
    [InlineData("azure", "Cameras__Storage__AzureBlob__Credential", "SharedKey", 2, "Cameras:Storage:AzureBlob:Credential SharedKey needs")]
    [InlineData("azure", "Cameras__Storage__AzureBlob__Credential", "Sas", 2, "Cameras:Storage:AzureBlob:Credential Sas needs")]
    [InlineData("azure", "Cameras__Storage__AzureBlob__ServiceUrl", "not a url", 2, "Cameras:Storage:AzureBlob:ServiceUrl")]
    [InlineData("oidc", "Cameras__Auth__Claims__Role", "cameras role", 2, "Cameras:Auth:Claims:Role must name a claim")]
    [InlineData("oidc", "Cameras__Auth__Claims__Nom", "given_name", 2, "Cameras:Auth:Claims:Nom and Cameras:Auth:Claims:Prenom all read the claim 'given_name'")]
    [InlineData("oidc", "Cameras__Auth__Claims__Matricule", "cameras_role", 2, "Cameras:Auth:Claims:Matricule reads the role's claim 'cameras_role'")]
    [InlineData("oidc", "Cameras__Auth__RoleClaim", "groups", 2, "Cameras:Auth:Claims:Role (cameras_role) and Cameras:Auth:RoleClaim (groups) name different claims")]
    [InlineData("oidc", "Cameras__Auth__Scope", "profile", 2, "Cameras:Auth:Scope must include 'openid'")]
    [InlineData("oidc", "Cameras__Auth__Resource", "not a uri", 2, "Cameras:Auth:Resource must be an absolute URI")]
    [InlineData("oidc", "Cameras__Auth__Authority", "", 2, "Cameras:Auth:ClientId is set but Cameras:Auth:Authority is not")]
    [InlineData("oidc", "Cameras__Auth__RequireHttpsMetadata", "true", 2, "Cameras:Auth:Authority must be the https URL")]
    [InlineData("oidc", "Cameras__Auth__RequireHttpsMetadata", null, 2, "also needs Cameras:Auth:RequireHttpsMetadata=false")] // unset: true
    public async Task A_wrong_setting_stops_the_server_with_its_name(string baseline, string name, string? value, int exitCode, string message)
    {
        var start = await RefusedStart.ServeAsync(Baselines[baseline], name, value);

        Assert.Equal(exitCode, start.ExitCode);
        Assert.Contains(message, start.Output);
        Assert.Empty(start.Written);
    }
}
