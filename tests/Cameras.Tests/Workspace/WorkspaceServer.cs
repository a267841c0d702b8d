using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests.Workspace;

/// <summary>
/// One server with every role (the workers process the clips, build the exports) shared by the workspace's browser
/// tests; each test seeds its own recordings under cameras and officers of its own.
/// </summary>
public sealed class WorkspaceServer : IAsyncLifetime
{
    private DirectoryInfo _media = null!;
    private int _clips;

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(ServerRoles.All);
        _media = Directory.CreateTempSubdirectory("cameras-workspace-");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _media.Delete(recursive: true);
    }

    /// <summary>A real H.264 clip, docked and processed to ready, then given its camera, officer, station and recorded_at.</summary>
    public async Task<Guid> SeedReadyAsync(string camera, string officer, DateTimeOffset recordedAt, int seconds = 20, string station = "ST-1")
    {
        // Each clip a different length: the same bytes twice would be one recording.
        var clip = await TestMedia.H264Async(_media.FullName, seconds: seconds, name: $"clip-{Interlocked.Increment(ref _clips)}-{seconds}.mp4");
        var (id, _) = await RecordingSeeder.SeedAsync(Server.Services.GetRequiredService<IObjectStore>(), Server.DatabaseConnectionString, clip, camera);
        using var admin = Server.ClientFor(Roles.Admin);
        await Eventually.ThatAsync(() => admin.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}"),
            r => r.GetProperty("status").GetString() is "ready" or "unplayable", TimeSpan.FromMinutes(3), $"recording {id} processed");
        await using var connection = new NpgsqlConnection(Server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE recordings SET officer = @officer, station = @station, recorded_at = @at WHERE id = @id", connection);
        update.Parameters.AddWithValue("officer", officer);
        update.Parameters.AddWithValue("station", station);
        update.Parameters.AddWithValue("at", recordedAt.UtcDateTime);
        update.Parameters.AddWithValue("id", id);
        await update.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Signs a checkpoint, so the events so far get their inclusion proofs.</summary>
    public async Task CheckpointAsync()
    {
        using var admin = Server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
    }

    /// <summary>Runs a tests/tools/workspace-*.mjs script; its stdout is one JSON object per step, by step name.</summary>
    public static async Task<IReadOnlyDictionary<string, JsonElement>> BrowseAsync(string script, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools", script), .. arguments],
            timeout: TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode == 0, $"{script} failed:\n{result.Stdout}\n{result.Stderr}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("step").GetString()!);
    }
}
