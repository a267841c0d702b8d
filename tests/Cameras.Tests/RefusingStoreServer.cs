using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>
/// One real server (every role) whose S3 store (s3rver, a bucket of its own) is reached through a
/// <see cref="RefusingS3Proxy"/> the tests tell to refuse requests, for the retry tests of each queue; a subclass names
/// the bucket's prefix, the part of the bucket the proxy watches, and its queue's retry settings.
/// </summary>
public abstract class RefusingStoreServer(string bucketPrefix, string watched, IReadOnlyDictionary<string, string?> settings)
    : IAsyncLifetime
{
    public string Bucket { get; } = bucketPrefix + "-" + Guid.NewGuid().ToString("n")[..12];

    public TestServer Server { get; private set; } = null!;

    public RefusingS3Proxy Proxy { get; private set; } = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory($"cameras-{bucketPrefix}-").FullName;

    public async Task InitializeAsync()
    {
        var s3 = new S3StorageOptions { ServiceUrl = TestEnvironment.S3Url, Bucket = Bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" };
        await new S3ObjectStore(S3ObjectStore.CreateClient(s3), s3).EnsureBucketAsync(CancellationToken.None);
        Proxy = await RefusingS3Proxy.StartAsync(TestEnvironment.S3Url, $"/{Bucket}/{watched}");
        var configuration = new Dictionary<string, string?>(settings)
        {
            ["Cameras:Storage:Kind"] = "S3",
            ["Cameras:Storage:S3:ServiceUrl"] = Proxy.Url,
            ["Cameras:Storage:S3:Bucket"] = Bucket,
            ["Cameras:Storage:S3:AccessKey"] = "S3RVER",
            ["Cameras:Storage:S3:SecretKey"] = "S3RVER",
        };
        Server = await TestServer.StartAsync(configuration: configuration);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Proxy.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    public string NewFolder() => Directory.CreateDirectory(Path.Combine(Folder, Guid.NewGuid().ToString("N"))).FullName;
}
