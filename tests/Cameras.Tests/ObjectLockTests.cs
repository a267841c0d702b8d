using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests;

/// <summary>
/// With an S3 bucket that has Object Lock, the store itself guards the catalog's rules: a docked original is locked
/// in compliance mode until its deletion date, and a legal hold in the catalog is a legal hold on the object.
/// </summary>
public sealed class ObjectLockTests : IAsyncLifetime
{
    private RecordingS3Endpoint _bucket = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _bucket = await RecordingS3Endpoint.StartAsync();
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"), _bucket.ServerSettings(objectLock: true));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _bucket.DisposeAsync();
    }

    [Fact]
    public async Task A_docked_original_is_locked_until_its_deletion_date()
    {
        var content = RandomNumberGenerator.GetBytes(50_000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        using var dock = _server.ClientFor(Roles.Dock, "dock-1");

        using var upload = await RetentionKit.DockAsync(dock, content, sha256, recordedAt: "2026-11-20T08:15:00Z", offload: "off-lock");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var retention = Assert.Single(_bucket.SubResource("retention"));
        Assert.Equal("PUT", retention.Method);
        Assert.Equal($"/evidence/originals/{sha256[..2]}/{sha256[2..4]}/{sha256}", retention.Path);
        Assert.Contains("<Mode>COMPLIANCE</Mode>", retention.Body);
        Assert.Contains("2026-12-20T08:15:00", retention.Body); // recorded_at + the 30 days' retention
    }

    [Fact]
    public async Task A_recording_registered_by_the_live_assembly_is_locked_like_a_docked_one_and_once()
    {
        // The live assembly registers its recording through the same owner as ingest (RecordingRegistry), as here.
        var registry = _server.Services.GetRequiredService<RecordingRegistry>();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(64)));
        var recording = new NewRecording(sha256, 1234, "live-feed-lock.mp4", "CAM-2", "officer-2", DateTimeOffset.Parse("2026-11-21T09:00:00Z"));
        var origin = new RecordingOrigin("recording.assembled", CustodyActor.System, new JsonObject { ["feed"] = "feed-lock" }, AlsoWhenKnown: true);

        var first = await RegisterAsync(registry, recording, origin);
        var again = await RegisterAsync(registry, recording, origin);

        Assert.True(first.Created);
        Assert.Equal(new RegisteredRecording(first.Id, false), again);
        var retention = Assert.Single(_bucket.SubResource("retention")); // the second registration locks nothing more
        Assert.Equal($"/evidence/originals/{sha256[..2]}/{sha256[2..4]}/{sha256}", retention.Path);
        Assert.Contains("<Mode>COMPLIANCE</Mode>", retention.Body);
        Assert.Contains("2026-12-21T09:00:00", retention.Body); // the feed's start + the 30 days' retention
    }

    private async Task<RegisteredRecording> RegisterAsync(RecordingRegistry registry, NewRecording recording, RecordingOrigin origin)
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var registered = await registry.RegisterAsync(transaction, recording, origin, CancellationToken.None);
        await transaction.CommitAsync();
        return registered;
    }

    [Fact]
    public async Task The_objects_legal_hold_stands_while_any_hold_of_the_catalog_stands()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var holder = _server.ClientFor(Roles.Admin, "admin-holds"); // a magistrate reaches only recordings shared with them

        var first = await RetentionKit.PlaceHoldAsync(holder, recording.Id, "PV-1");
        var second = await RetentionKit.PlaceHoldAsync(holder, recording.Id, "PV-2");
        (await holder.DeleteAsync($"/api/recordings/{recording.Id}/holds/{first}?reason=closed&motif=judiciaire")).EnsureSuccessStatusCode();
        var afterFirstLift = _bucket.SubResource("legal-hold").Count;
        (await holder.DeleteAsync($"/api/recordings/{recording.Id}/holds/{second}?reason=closed&motif=judiciaire")).EnsureSuccessStatusCode();

        var holds = _bucket.SubResource("legal-hold");
        Assert.Equal(2, afterFirstLift); // placed twice, not lifted while PV-2 holds it
        Assert.Equal(3, holds.Count);
        Assert.All(holds, h => Assert.EndsWith(recording.Sha256, h.Path));
        Assert.Contains("<Status>ON</Status>", holds[0].Body);
        Assert.Contains("<Status>OFF</Status>", holds[2].Body);
    }

    [Fact]
    public async Task When_the_bucket_refuses_the_hold_nothing_is_recorded_as_held()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var holder = _server.ClientFor(Roles.Admin, "admin-holds"); // a magistrate reaches only recordings shared with them
        _bucket.RefuseObjectLock = true;

        using var placed = await holder.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds", new { procedure = "PV-3", reason = "trial", motif = "judiciaire" });

        Assert.False(placed.IsSuccessStatusCode);
        Assert.Equal(0, (await holder.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording.Id}/holds")).GetArrayLength());
    }
}
