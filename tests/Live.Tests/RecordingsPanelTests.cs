using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Live.Tests;

/// <summary>Headless Chromium on the Enregistrements page (where the live dashboard's former recent-recordings table
/// went): a recording docked while the page is open appears and goes to « prêt » by itself, without a reload.</summary>
public sealed class RecordingsPanelTests
{
    [Fact]
    public async Task A_recording_docked_while_the_dashboard_is_open_shows_ready_without_a_reload()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.All);
        var media = Directory.CreateTempSubdirectory("cameras-panel-");
        try
        {
            var browser = ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-recordings.mjs"),
                server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-panel")], timeout: TimeSpan.FromMinutes(3));
            await Task.Delay(3000); // the page is open (and has read an empty list) before the recording arrives
            var clip = await TestMedia.H264Async(media.FullName, seconds: 2);
            var (id, _) = await RecordingSeeder.SeedAsync(server.Services.GetRequiredService<IObjectStore>(), server.DatabaseConnectionString, clip);

            var result = await browser;

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            var steps = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(["open", "ready"], steps.Select(s => s.GetProperty("step").GetString()!));
            var ready = steps[1];
            Assert.Equal(id.ToString(), ready.GetProperty("id").GetString());
            Assert.Equal("prêt", ready.GetProperty("label").GetString());
            Assert.True(ready.GetProperty("progress").GetBoolean()); // no progress bar left on a ready row
            Assert.True(ready.GetProperty("sameDocument").GetBoolean());
        }
        finally
        {
            media.Delete(recursive: true);
        }
    }
}
