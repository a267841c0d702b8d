using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Live.Tests;

/// <summary>
/// The command-room hub as any SignalR client sees it (the .NET client; the browser's own view of it is in
/// DashboardTests and RecordingsPanelTests): who may connect, and the events it sends while feeds and recordings change.
/// </summary>
public sealed class HubTests
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Dock, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Magistrate, HttpStatusCode.Forbidden)]
    public async Task Only_operators_and_admins_may_connect(string? role, HttpStatusCode expected)
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("commandroom,evidence"));
        await using var hub = Connect(server, role is null ? null : server.Token(role));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(expected, refused.StatusCode);
    }

    [Fact]
    public async Task A_feed_that_starts_and_ends_is_announced_to_watchers()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var events = Channel.CreateUnbounded<(string Name, JsonElement Body)>();
        await using var hub = Connect(server, server.Token(Roles.Operator, "op-hub"));
        foreach (var name in new[] { "feedStarted", "feedEnded" })
            hub.On<JsonElement>(name, body => events.Writer.TryWrite((name, body)));
        await hub.StartAsync();

        var feed = "cam-hub";
        var url = new UriBuilder(server.Address) { UserName = "terminal-h", Password = server.Token(Roles.Terminal, "terminal-h"), Path = $"/live/{feed}/" };
        using var ffmpeg = Pusher.Dash(url.Uri.ToString(), 4);
        await Pusher.WaitAsync(ffmpeg, TimeSpan.FromSeconds(60));

        var started = await NextAsync(events, TimeSpan.FromSeconds(30));
        var ended = await NextAsync(events, TimeSpan.FromSeconds(30));
        Assert.Equal(("feedStarted", feed), (started.Name, started.Body.GetProperty("feed").GetString()));
        Assert.Equal(("feedEnded", feed), (ended.Name, ended.Body.GetProperty("feed").GetString()));
    }

    [Fact]
    public async Task A_recording_processed_while_watching_sends_its_progress_then_ready()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.All);
        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = Channel.CreateUnbounded<JsonElement>();
        await using var hub = Connect(server, server.Token(Roles.Operator, "op-hub"));
        hub.On<JsonElement>("recordingProgress", rows => progress.Writer.TryWrite(rows));
        hub.On<JsonElement>("recordingReady", row => ready.TrySetResult(row));
        await hub.StartAsync();
        var media = Directory.CreateTempSubdirectory("cameras-hub-");
        try
        {
            var clip = await TestMedia.H264Async(media.FullName, seconds: 2);
            var (id, _) = await RecordingSeeder.SeedAsync(server.Services.GetRequiredService<IObjectStore>(), server.DatabaseConnectionString, clip);

            var row = await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(id, row.GetProperty("id").GetGuid());
            Assert.Equal("ready", row.GetProperty("status").GetString());
            Assert.Equal(1, row.GetProperty("percent").GetDouble());
            var seen = new List<JsonElement>();
            while (progress.Reader.TryRead(out var rows)) seen.Add(rows);
            Assert.Contains(seen, rows => rows.EnumerateArray().Any(r => r.GetProperty("id").GetGuid() == id));
        }
        finally
        {
            media.Delete(recursive: true);
        }
    }

    private static HubConnection Connect(TestServer server, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/commandroom"), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();

    private static async Task<(string Name, JsonElement Body)> NextAsync(Channel<(string, JsonElement)> events, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await events.Reader.ReadAsync(cancel.Token);
    }
}
