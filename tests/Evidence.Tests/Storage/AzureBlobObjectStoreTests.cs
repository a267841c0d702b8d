using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>The contract against Azurite (started by ./test.sh), signed with the account key.</summary>
public sealed class AzureBlobSharedKeyObjectStoreTests : ObjectStoreContract, IAsyncLifetime
{
    private readonly AzureBlobObjectStore _store = new(new HttpClient(), AzureBlobTestOptions.Create(sas: null));

    protected override IObjectStore Store => _store;

    public Task InitializeAsync() => _store.EnsureContainerAsync(CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_wrong_key_is_refused_by_the_service()
    {
        var options = AzureBlobTestOptions.Create(sas: null);
        options.Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var impostor = new AzureBlobObjectStore(new HttpClient(), options);
        var error = await Assert.ThrowsAsync<IOException>(() => impostor.ProbeAsync(CancellationToken.None));
        Assert.Contains("403", error.Message);
    }
}

/// <summary>The same contract through a shared access signature instead of the key.</summary>
public sealed class AzureBlobSasObjectStoreTests : ObjectStoreContract, IAsyncLifetime
{
    private AzureBlobObjectStore _store = null!;

    protected override IObjectStore Store => _store;

    public async Task InitializeAsync()
    {
        var options = AzureBlobTestOptions.Create(sas: null);
        await new AzureBlobObjectStore(new HttpClient(), options).EnsureContainerAsync(CancellationToken.None);
        options.Sas = AzureBlobTestOptions.AccountSas(DateTimeOffset.UtcNow.AddHours(1));
        options.Key = null;
        _store = new AzureBlobObjectStore(new HttpClient(), options);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_expired_signature_is_refused_by_the_service()
    {
        var options = AzureBlobTestOptions.Create(AzureBlobTestOptions.AccountSas(DateTimeOffset.UtcNow.AddHours(-1)));
        var expired = new AzureBlobObjectStore(new HttpClient(), options);
        var error = await Assert.ThrowsAsync<IOException>(() => expired.ProbeAsync(CancellationToken.None));
        Assert.Contains(((int)HttpStatusCode.Forbidden).ToString(CultureInfo.InvariantCulture), error.Message);
    }
}

internal static class AzureBlobTestOptions
{
    public static AzureBlobStorageOptions Create(string? sas) => new()
    {
        ServiceUrl = TestEnvironment.AzuriteBlobUrl,
        Account = TestEnvironment.AzuriteAccount,
        Key = sas is null ? TestEnvironment.AzuriteKey : null,
        Sas = sas,
        Container = "contract-" + Guid.NewGuid().ToString("n")[..12],
        BlockSize = 4 * 1024 * 1024,
    };

    /// <summary>An account SAS for the Blob service (read, write, delete, list, add, create), as an administrator would issue one.</summary>
    public static string AccountSas(DateTimeOffset expiry)
    {
        const string version = AzureBlobObjectStore.ApiVersion;
        var se = expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var toSign = string.Join("\n", TestEnvironment.AzuriteAccount, "rwdlac", "b", "sco", "", se, "", "https,http", version, "") + "\n";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(TestEnvironment.AzuriteKey), Encoding.UTF8.GetBytes(toSign)));
        return $"sv={version}&ss=b&srt=sco&sp=rwdlac&se={Uri.EscapeDataString(se)}&spr=https,http&sig={Uri.EscapeDataString(signature)}";
    }
}
