using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>Storage, metrics and live settings that do not hold together stop `cameras serve` at start, naming what to fix.</summary>
public sealed class SettingsAtStartTests
{
    private static readonly Dictionary<string, string?> Baseline = new()
    {
        ["Cameras__Storage__Kind"] = "AzureBlob",
        ["Cameras__Storage__AzureBlob__ServiceUrl"] = "https://account.blob.core.windows.net",
        ["Cameras__Storage__AzureBlob__Credential"] = "Entra",
    };

    [Theory]
    [InlineData("Cameras__Storage__AzureBlob__Credential", "SharedKey", 2, "Cameras:Storage:AzureBlob:Credential SharedKey needs")]
    [InlineData("Cameras__Storage__AzureBlob__Credential", "Sas", 2, "Cameras:Storage:AzureBlob:Credential Sas needs")]
    [InlineData("Cameras__Storage__AzureBlob__ServiceUrl", "not a url", 2, "Cameras:Storage:AzureBlob:ServiceUrl")]
    [InlineData("Cameras__Metrics__Port", "70000", 2, "Cameras:Metrics:Port")]
    [InlineData("Cameras__Live__Record", "partial", 2, "configuration: Failed to convert configuration value 'partial' at 'Cameras:Live:Record'")]
    [InlineData("Cameras__Live__Record", "7", 2, "Cameras:Live:Record must be hashes")]
    public async Task A_wrong_setting_stops_the_server_with_its_name(string name, string value, int exitCode, string message)
    {
        var start = await RefusedStart.ServeAsync(Baseline, name, value);

        Assert.Equal(exitCode, start.ExitCode);
        Assert.Contains(message, start.Output);
        Assert.Empty(start.Written);
    }
}
