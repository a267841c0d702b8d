using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>
/// Object Lock and server-side encryption are bucket features s3rver ignores, so these tests check what the S3
/// store sends: real AWSSDK requests to a loopback endpoint that records them and answers as S3 would.
/// </summary>
public sealed class S3RequestsTests : IAsyncLifetime
{
    private RecordingS3Endpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await RecordingS3Endpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private S3ObjectStore Store(bool objectLock, string? encryption = null, string? kmsKey = null)
    {
        var options = new S3StorageOptions
        {
            ServiceUrl = _endpoint.Url, Bucket = "evidence", AccessKey = "key", SecretKey = "secret", PartSize = 5 * 1024 * 1024,
            ObjectLock = objectLock, ServerSideEncryption = encryption, KmsKeyId = kmsKey,
        };
        return new S3ObjectStore(S3ObjectStore.CreateClient(options), options);
    }

    [Fact]
    public async Task With_Object_Lock_an_original_is_locked_in_compliance_mode_until_its_deletion_date()
    {
        var until = new DateTimeOffset(2026, 12, 22, 10, 0, 0, TimeSpan.Zero);
        await Store(objectLock: true).LockUntilAsync("originals/ab/cd/abcd", until, CancellationToken.None);

        var retention = Assert.Single(_endpoint.Requests, r => r.Query.Contains("retention"));
        Assert.Equal("PUT", retention.Method);
        Assert.Equal("/evidence/originals/ab/cd/abcd", retention.Path);
        Assert.Contains("<Mode>COMPLIANCE</Mode>", retention.Body);
        Assert.Contains("2026-12-22T10:00:00", retention.Body);
    }

    [Fact]
    public async Task With_Object_Lock_legal_holds_are_placed_and_lifted_on_the_object()
    {
        var store = Store(objectLock: true);
        await store.SetLegalHoldAsync("originals/ab/cd/abcd", true, CancellationToken.None);
        await store.SetLegalHoldAsync("originals/ab/cd/abcd", false, CancellationToken.None);

        var holds = _endpoint.Requests.Where(r => r.Query.Contains("legal-hold")).Select(r => r.Body).ToList();
        Assert.Equal(2, holds.Count);
        Assert.Contains("<Status>ON</Status>", holds[0]);
        Assert.Contains("<Status>OFF</Status>", holds[1]);
    }

    [Fact]
    public async Task Without_Object_Lock_nothing_is_sent()
    {
        var store = Store(objectLock: false);
        await store.LockUntilAsync("originals/ab/cd/abcd", DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None);
        await store.SetLegalHoldAsync("originals/ab/cd/abcd", true, CancellationToken.None);
        Assert.Empty(_endpoint.Requests);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(11 * 1024 * 1024)]
    public async Task Server_side_encryption_is_asked_for_on_single_and_multipart_writes(int size)
    {
        await Store(objectLock: false, "aws:kms", "arn:aws:kms:eu-west-3:111122223333:key/evidence")
            .PutAsync("originals/ef/01/ef01", new byte[size], CancellationToken.None);

        var creating = _endpoint.Requests.Single(r => r.Method == "PUT" && !r.Query.Contains("partNumber") || r.Query.Contains("uploads"));
        Assert.Equal("aws:kms", creating.Headers["x-amz-server-side-encryption"]);
        Assert.Equal("arn:aws:kms:eu-west-3:111122223333:key/evidence", creating.Headers["x-amz-server-side-encryption-aws-kms-key-id"]);
        var write = _endpoint.Requests.Last();
        Assert.Equal("*", write.Headers["if-none-match"]); // write-once, where the store enforces it
    }
}
