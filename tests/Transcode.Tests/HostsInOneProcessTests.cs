using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Transcode.Tests;

/// <summary>
/// Hangfire keeps process-wide defaults (its log provider, its job activator) that Hangfire.AspNetCore points at the
/// last host configured. Hosts that share a process (this suite; a node running several roles' hosts) must each keep
/// working when another stops: before, the survivor's workers logged into the stopped host's disposed logger factory
/// and built jobs from its disposed services, and a job fetched then stayed invisible until its claim lapsed.
/// </summary>
public sealed class HostsInOneProcessTests
{
    [Fact]
    public async Task A_host_goes_on_processing_after_another_host_in_the_process_stopped()
    {
        // A claim that lapses only after ten minutes: a fetch broken by the stopped host would stall past the wait below.
        var settings = new Dictionary<string, string?> { ["Cameras:Transcode:ClusterFailoverSeconds"] = "600" };
        await using var survivor = await TestServer.StartAsync(configuration: settings);
        await (await TestServer.StartAsync(configuration: settings)).DisposeAsync();
        var media = Directory.CreateTempSubdirectory("cameras-hosts-");
        try
        {
            var clip = await TestMedia.H264Async(media.FullName, seconds: 1, size: "320x240");
            var (id, _) = await RecordingSeeder.SeedAsync(survivor.Services.GetRequiredService<IObjectStore>(),
                survivor.DatabaseConnectionString, clip);

            using var client = survivor.ClientFor(Roles.Operator, "op-hosts");
            await Polling.UntilAsync(async () =>
            {
                var recording = await client.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}");
                return recording.GetProperty("status").GetString() is "received" or "processing" ? null : recording.ToString();
            }, TimeSpan.FromSeconds(90), $"recording {id} to be processed by the host still running");

            var processed = await client.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}");
            Assert.Equal("ready", processed.GetProperty("status").GetString());
            Assert.Contains("proxy", processed.GetProperty("derivatives").EnumerateArray().Select(d => d.GetString()));
        }
        finally
        {
            media.Delete(recursive: true);
        }
    }
}
