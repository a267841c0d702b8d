using System.Net.Http.Json;
using System.Text.Json;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary><c>cameras serve --demo</c>: a new user sees a live feed and a docked recording at once.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_docks_a_recording_and_starts_a_live_feed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("cameras-live-demo-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(database.ConnectionString, data, "ingest,commandroom,evidence",
                extraArguments: ["--demo"]);
            var token = (await ExternalProcess.CamerasAsync("token", "--data", data, "--role", "operator", "--subject", "op-demo")).Stdout.Trim();
            using var client = new HttpClient { BaseAddress = server.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var feeds = await Eventually.ThatAsync(() => client.GetFromJsonAsync<JsonElement>("/api/live/feeds"),
                f => f.GetArrayLength() > 0, TimeSpan.FromSeconds(60), "the demo feed\n" + server.Output);
            Assert.StartsWith("demo-", feeds[0].GetProperty("id").GetString());
            var feed = feeds[0].GetProperty("id").GetString();
            await Eventually.ThatAsync(async () => (await client.GetAsync($"/relay/{feed}/index.m3u8?reason=test")).IsSuccessStatusCode,
                ok => ok, TimeSpan.FromSeconds(30), "the demo feed's playlist");
            var recordings = await Eventually.ThatAsync(() => client.GetFromJsonAsync<JsonElement>("/api/recordings?camera=DEMO-CAM"),
                r => r.GetArrayLength() > 0, TimeSpan.FromSeconds(90), "the docked demo recording\n" + server.Output);
            Assert.Equal("DEMO-7", recordings[0].GetProperty("officer").GetString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
