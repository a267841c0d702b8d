using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

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

        using var upload = await DockAsync(dock, content, sha256, recordedAt: "2026-11-20T08:15:00Z");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var retention = Assert.Single(_bucket.SubResource("retention"));
        Assert.Equal("PUT", retention.Method);
        Assert.Equal($"/evidence/originals/{sha256[..2]}/{sha256[2..4]}/{sha256}", retention.Path);
        Assert.Contains("<Mode>COMPLIANCE</Mode>", retention.Body);
        Assert.Contains("2026-12-20T08:15:00", retention.Body); // recorded_at + the 30 days' retention
    }

    [Fact]
    public async Task The_objects_legal_hold_stands_while_any_hold_of_the_catalog_stands()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var holder = _server.ClientFor(Roles.Admin, "admin-holds"); // a magistrate reaches only recordings shared with them

        var first = await PlaceAsync(holder, recording.Id, "PV-1");
        var second = await PlaceAsync(holder, recording.Id, "PV-2");
        (await holder.DeleteAsync($"/api/recordings/{recording.Id}/holds/{first}?reason=closed")).EnsureSuccessStatusCode();
        var afterFirstLift = _bucket.SubResource("legal-hold").Count;
        (await holder.DeleteAsync($"/api/recordings/{recording.Id}/holds/{second}?reason=closed")).EnsureSuccessStatusCode();

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

        using var placed = await holder.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds", new { procedure = "PV-3", reason = "trial" });

        Assert.False(placed.IsSuccessStatusCode);
        Assert.Equal(0, (await holder.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording.Id}/holds")).GetArrayLength());
    }

    private static async Task<Guid> PlaceAsync(HttpClient client, Guid recording, string procedure)
    {
        using var response = await client.PostAsJsonAsync($"/api/recordings/{recording}/holds", new { procedure, reason = "trial" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>One tus creation-with-upload carrying the whole file, as a dock sends a small one.</summary>
    private static async Task<HttpResponseMessage> DockAsync(HttpClient dock, byte[] content, string sha256, string recordedAt)
    {
        static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads") { Content = new ByteArrayContent(content) };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", content.Length.ToString());
        request.Headers.Add("Upload-Metadata",
            $"filename {B64("clip.mp4")},camera {B64("CAM-1")},officer {B64("officer-1")},recorded_at {B64(recordedAt)},sha256 {B64(sha256)},offload {B64("off-lock")}");
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        return await dock.SendAsync(request);
    }
}
