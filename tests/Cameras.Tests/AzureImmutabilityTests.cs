using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
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

        using var upload = await RetentionKit.DockAsync(dock, content, sha256, recordedAt: "2026-11-20T08:15:00Z", offload: "off-azure");

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

        var first = await RetentionKit.PlaceHoldAsync(magistrate, recording.Id, "PV-1");
        var second = await RetentionKit.PlaceHoldAsync(magistrate, recording.Id, "PV-2");
        (await magistrate.DeleteAsync($"/api/recordings/{recording.Id}/holds/{first}?reason=closed&motif=judiciaire")).EnsureSuccessStatusCode();
        var afterFirstLift = _proxy.Comp("legalhold").Count;
        (await magistrate.DeleteAsync($"/api/recordings/{recording.Id}/holds/{second}?reason=closed&motif=judiciaire")).EnsureSuccessStatusCode();

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

        using var placed = await magistrate.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds", new { procedure = "PV-3", reason = "trial", motif = "judiciaire" });

        Assert.False(placed.IsSuccessStatusCode);
        Assert.Equal(0, (await magistrate.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording.Id}/holds")).GetArrayLength());
    }
}
