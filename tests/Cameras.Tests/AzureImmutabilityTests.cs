using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>
/// With an Azure Blob container that has version-level immutability, the store itself guards the catalog's rules,
/// as S3 Object Lock does (<see cref="ObjectLockTests"/>): a docked original gets a locked immutability policy until
/// its deletion date, and a legal hold in the catalog is a legal hold on the blob. Azurite lacks the feature, so a
/// recording proxy in front of it answers those requests and the test reads what the SDK sent.
/// </summary>
public sealed class AzureImmutabilityTests : IAsyncLifetime
{
    private RecordingAzureProxy _proxy = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _proxy = await RecordingAzureProxy.StartAsync(TestEnvironment.AzuriteBlobUrl);
        var settings = _proxy.ServerSettings("immutable-" + Guid.NewGuid().ToString("n")[..8]);
        await new AzureBlobObjectStore(new AzureBlobStorageOptions
        {
            ServiceUrl = _proxy.BlobUrl, Account = TestEnvironment.AzuriteAccount, Key = TestEnvironment.AzuriteKey,
            Container = settings["Cameras:Storage:AzureBlob:Container"]!,
        }).EnsureContainerAsync(CancellationToken.None);
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"), settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_docked_original_is_locked_until_its_deletion_date()
    {
        var content = RandomNumberGenerator.GetBytes(50_000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        using var dock = _server.ClientFor(Roles.Dock, "dock-1");

        using var upload = await DockAsync(dock, content, sha256, recordedAt: "2026-11-20T08:15:00Z");

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var policy = Assert.Single(_proxy.Comp("immutabilityPolicies"));
        Assert.Equal("PUT", policy.Method);
        Assert.EndsWith($"/originals/{sha256[..2]}/{sha256[2..4]}/{sha256}", policy.Path);
        Assert.Equal("Locked", policy.Headers["x-ms-immutability-policy-mode"]);
        // recorded_at + the 30 days' retention
        Assert.Equal(new DateTimeOffset(2026, 12, 20, 8, 15, 0, TimeSpan.Zero), DateTimeOffset.Parse(policy.Headers["x-ms-immutability-policy-until-date"]));
        var commit = _proxy.Comp("blocklist").Last(r => r.Path.EndsWith(sha256));
        Assert.Equal("*", commit.Headers["if-none-match"]);
    }

    [Fact]
    public async Task The_blobs_legal_hold_stands_while_any_hold_of_the_catalog_stands()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var magistrate = _server.ClientFor(Roles.Admin);

        var first = await PlaceAsync(magistrate, recording.Id, "PV-1");
        var second = await PlaceAsync(magistrate, recording.Id, "PV-2");
        (await magistrate.DeleteAsync($"/api/recordings/{recording.Id}/holds/{first}?reason=closed")).EnsureSuccessStatusCode();
        var afterFirstLift = _proxy.Comp("legalhold").Count;
        (await magistrate.DeleteAsync($"/api/recordings/{recording.Id}/holds/{second}?reason=closed")).EnsureSuccessStatusCode();

        var holds = _proxy.Comp("legalhold");
        Assert.Equal(2, afterFirstLift); // placed twice, not lifted while PV-2 holds it
        Assert.Equal(["true", "true", "false"], holds.Select(h => h.Headers["x-ms-legal-hold"]));
        Assert.All(holds, h => Assert.EndsWith(recording.Sha256, h.Path));
    }

    [Fact]
    public async Task When_the_container_refuses_the_hold_nothing_is_recorded_as_held()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using var magistrate = _server.ClientFor(Roles.Admin);
        _proxy.RefuseImmutability = true;

        using var placed = await magistrate.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds", new { procedure = "PV-3", reason = "trial" });

        Assert.False(placed.IsSuccessStatusCode);
        Assert.Equal(0, (await magistrate.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording.Id}/holds")).GetArrayLength());
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
            $"filename {B64("clip.mp4")},camera {B64("CAM-1")},officer {B64("officer-1")},recorded_at {B64(recordedAt)},sha256 {B64(sha256)},offload {B64("off-azure")}");
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        return await dock.SendAsync(request);
    }
}
