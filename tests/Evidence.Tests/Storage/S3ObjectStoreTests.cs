using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>The contract against a real S3 server (s3rver, started by ./test.sh), through AWSSDK.S3.</summary>
public sealed class S3ObjectStoreTests : StreamingObjectStoreContract, IAsyncLifetime
{
    private readonly S3StorageOptions _options = new()
    {
        ServiceUrl = TestEnvironment.S3Url,
        Bucket = "contract-" + Guid.NewGuid().ToString("n")[..12],
        AccessKey = "S3RVER",
        SecretKey = "S3RVER",
        PartSize = 5 * 1024 * 1024,
    };
    private readonly S3ObjectStore _store;

    public S3ObjectStoreTests() => _store = new S3ObjectStore(S3ObjectStore.CreateClient(_options), _options);

    protected override IObjectStore Store => _store;

    public Task InitializeAsync() => _store.EnsureBucketAsync(CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;
}
