using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>
/// One real server (every role) whose S3 store (s3rver) is reached through a <see cref="RefusingS3Proxy"/> that can
/// refuse export packages, with short build retries (2 retries, 1 s then 3 s) so the tests stay quick.
/// </summary>
public sealed class RetryServer : IAsyncLifetime
{
    public const int Retries = 2;

    private readonly string _bucket = "retry-" + Guid.NewGuid().ToString("n")[..12];

    public TestServer Server { get; private set; } = null!;

    public RefusingS3Proxy Proxy { get; private set; } = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("cameras-export-retry-").FullName;

    public async Task InitializeAsync()
    {
        var s3 = new S3StorageOptions { ServiceUrl = TestEnvironment.S3Url, Bucket = _bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" };
        await new S3ObjectStore(S3ObjectStore.CreateClient(s3), s3).EnsureBucketAsync(CancellationToken.None);
        Proxy = await RefusingS3Proxy.StartAsync(TestEnvironment.S3Url, $"/{_bucket}/exports/");
        Server = await TestServer.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Cameras:Storage:Kind"] = "S3",
            ["Cameras:Storage:S3:ServiceUrl"] = Proxy.Url,
            ["Cameras:Storage:S3:Bucket"] = _bucket,
            ["Cameras:Storage:S3:AccessKey"] = "S3RVER",
            ["Cameras:Storage:S3:SecretKey"] = "S3RVER",
            ["Cameras:Exports:BuildRetries"] = Retries.ToString(),
            ["Cameras:Exports:BuildRetryDelay"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Proxy.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    public string NewFolder() => Directory.CreateDirectory(Path.Combine(Folder, Guid.NewGuid().ToString("N"))).FullName;
}
