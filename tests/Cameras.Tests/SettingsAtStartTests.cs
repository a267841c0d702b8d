using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>Azure Blob and metrics settings that do not hold together stop `cameras serve` at start, naming what to fix.</summary>
public sealed class SettingsAtStartTests
{
    [Theory]
    [InlineData("Cameras__Storage__AzureBlob__Credential", "SharedKey", "Cameras:Storage:AzureBlob:Credential SharedKey needs")]
    [InlineData("Cameras__Storage__AzureBlob__Credential", "Sas", "Cameras:Storage:AzureBlob:Credential Sas needs")]
    [InlineData("Cameras__Storage__AzureBlob__ServiceUrl", "not a url", "Cameras:Storage:AzureBlob:ServiceUrl")]
    [InlineData("Cameras__Metrics__Port", "70000", "Cameras:Metrics:Port")]
    public async Task A_wrong_setting_stops_the_server_with_its_name(string name, string value, string message)
    {
        var data = Directory.CreateTempSubdirectory("cameras-settings-").FullName;
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["Cameras__Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody", // never reached: the settings fail first
                ["Cameras__Storage__Kind"] = "AzureBlob",
                ["Cameras__Storage__AzureBlob__ServiceUrl"] = "https://account.blob.core.windows.net",
                ["Cameras__Storage__AzureBlob__Credential"] = "Entra",
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
