using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>
/// Version-level immutability and legal holds are account features Azurite lacks, so these tests check what the
/// Azure store sends: real Azure.Storage.Blobs requests through a proxy in front of Azurite that records them
/// (and answers the immutability ones itself, as a container with version-level immutability would).
/// </summary>
public sealed class AzureBlobRequestsTests : IAsyncLifetime
{
    private RecordingAzureProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await RecordingAzureProxy.StartAsync(TestEnvironment.AzuriteBlobUrl);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    private async Task<AzureBlobObjectStore> StoreAsync(AzureBlobImmutability immutability)
    {
        var store = new AzureBlobObjectStore(new AzureBlobStorageOptions
        {
            ServiceUrl = _proxy.BlobUrl, Credential = AzureBlobCredential.SharedKey,
            Account = TestEnvironment.AzuriteAccount, Key = TestEnvironment.AzuriteKey,
            Container = "requests-" + Guid.NewGuid().ToString("n")[..8], BlockSize = 1024 * 1024, Immutability = immutability,
        });
        await store.EnsureContainerAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task With_version_immutability_an_original_gets_a_locked_policy_until_its_deletion_date()
    {
        var store = await StoreAsync(AzureBlobImmutability.Version);
        await store.PutAsync("originals/ab/cd/abcd", new byte[100], CancellationToken.None);
        var until = new DateTimeOffset(2026, 12, 22, 10, 0, 0, TimeSpan.Zero);

        await store.LockUntilAsync("originals/ab/cd/abcd", until, CancellationToken.None);

        var policy = Assert.Single(_proxy.Comp("immutabilityPolicies"));
        Assert.Equal("PUT", policy.Method);
        Assert.EndsWith("/originals/ab/cd/abcd", policy.Path);
        Assert.Equal("Locked", policy.Headers["x-ms-immutability-policy-mode"]);
        Assert.Equal(until, DateTimeOffset.Parse(policy.Headers["x-ms-immutability-policy-until-date"]));
    }

    [Fact]
    public async Task With_version_immutability_legal_holds_are_placed_and_lifted_on_the_blob()
    {
        var store = await StoreAsync(AzureBlobImmutability.Version);
        await store.SetLegalHoldAsync("originals/ab/cd/abcd", true, CancellationToken.None);
        await store.SetLegalHoldAsync("originals/ab/cd/abcd", false, CancellationToken.None);

        var holds = _proxy.Comp("legalhold");
        Assert.Equal(["true", "false"], holds.Select(h => h.Headers["x-ms-legal-hold"]));
        Assert.All(holds, h => Assert.Equal("PUT", h.Method));
    }

    [Theory]
    [InlineData(AzureBlobImmutability.None)]
    [InlineData(AzureBlobImmutability.Container)] // the container's own policy keeps every blob: nothing per blob
    public async Task Without_version_immutability_nothing_is_sent(AzureBlobImmutability immutability)
    {
        var store = await StoreAsync(immutability);
        await store.LockUntilAsync("originals/ab/cd/abcd", DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None);
        await store.SetLegalHoldAsync("originals/ab/cd/abcd", true, CancellationToken.None);
        Assert.Empty(_proxy.Comp("immutabilityPolicies"));
        Assert.Empty(_proxy.Comp("legalhold"));
    }

    [Fact]
    public async Task A_write_is_staged_blocks_committed_once_with_if_none_match()
    {
        var store = await StoreAsync(AzureBlobImmutability.None);
        await store.PutAsync("originals/ef/01/ef01", new byte[2 * 1024 * 1024 + 1], CancellationToken.None);

        var blocks = _proxy.Comp("block");
        Assert.Equal(3, blocks.Count);
        Assert.All(blocks, b => Assert.True(long.Parse(b.Headers["content-length"]) <= 1024 * 1024));
        var commit = Assert.Single(_proxy.Comp("blocklist"));
        Assert.Equal("*", commit.Headers["if-none-match"]); // write-once
        Assert.Equal(3, commit.Body.Split("<Latest>").Length - 1);
    }

    [Fact]
    public async Task A_store_set_for_immutability_the_container_lacks_is_not_ready()
    {
        _proxy.VersionImmutability = false;
        var store = await StoreAsync(AzureBlobImmutability.Version);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ProbeAsync(CancellationToken.None));
        Assert.Contains("Cameras:Storage:AzureBlob:Immutability", error.Message);

        _proxy.VersionImmutability = true;
        await store.ProbeAsync(CancellationToken.None);
    }
}
