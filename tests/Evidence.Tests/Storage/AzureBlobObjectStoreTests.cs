using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Sas;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>The contract against Azurite (started by ./test.sh) through Azure.Storage.Blobs, signed with the account key.</summary>
public sealed class AzureBlobSharedKeyObjectStoreTests : StreamingObjectStoreContract, IAsyncLifetime
{
    private readonly AzureBlobObjectStore _store = new(AzureBlobTestOptions.Create(AzureBlobCredential.SharedKey));

    protected override IObjectStore Store => _store;

    public Task InitializeAsync() => _store.EnsureContainerAsync(CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_wrong_key_is_refused_by_the_service()
    {
        var options = AzureBlobTestOptions.Create(AzureBlobCredential.SharedKey);
        options.Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var impostor = new AzureBlobObjectStore(options);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => impostor.ProbeAsync(CancellationToken.None));
        Assert.Equal(403, error.Status);
    }
}

/// <summary>The same contract through a shared access signature instead of the key.</summary>
public sealed class AzureBlobSasObjectStoreTests : ObjectStoreContract, IAsyncLifetime
{
    private AzureBlobObjectStore _store = null!;

    protected override IObjectStore Store => _store;

    public async Task InitializeAsync()
    {
        var options = AzureBlobTestOptions.Create(AzureBlobCredential.SharedKey);
        await new AzureBlobObjectStore(options).EnsureContainerAsync(CancellationToken.None);
        options.Credential = AzureBlobCredential.Sas;
        options.Sas = AzureBlobTestOptions.AccountSas(DateTimeOffset.UtcNow.AddHours(1));
        options.Key = null;
        _store = new AzureBlobObjectStore(options);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_expired_signature_is_refused_by_the_service()
    {
        var options = AzureBlobTestOptions.Create(AzureBlobCredential.Sas);
        options.Sas = AzureBlobTestOptions.AccountSas(DateTimeOffset.UtcNow.AddHours(-1));
        var expired = new AzureBlobObjectStore(options);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => expired.ProbeAsync(CancellationToken.None));
        Assert.Equal(403, error.Status);
    }
}

internal static class AzureBlobTestOptions
{
    public static AzureBlobStorageOptions Create(AzureBlobCredential credential) => new()
    {
        ServiceUrl = TestEnvironment.AzuriteBlobUrl,
        Credential = credential,
        Account = TestEnvironment.AzuriteAccount,
        Key = credential == AzureBlobCredential.SharedKey ? TestEnvironment.AzuriteKey : null,
        Container = "contract-" + Guid.NewGuid().ToString("n")[..12],
        BlockSize = 4 * 1024 * 1024,
    };

    /// <summary>An account SAS for the Blob service (read, write, delete, list, add, create), as an administrator would issue one.</summary>
    public static string AccountSas(DateTimeOffset expiry)
    {
        var sas = new AccountSasBuilder(AccountSasPermissions.Read | AccountSasPermissions.Write | AccountSasPermissions.Delete
                | AccountSasPermissions.List | AccountSasPermissions.Add | AccountSasPermissions.Create,
            expiry, AccountSasServices.Blobs, AccountSasResourceTypes.All) { Protocol = SasProtocol.HttpsAndHttp };
        return sas.ToSasQueryParameters(new StorageSharedKeyCredential(TestEnvironment.AzuriteAccount, TestEnvironment.AzuriteKey)).ToString();
    }
}
