using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Objects in an S3 bucket (AWS, MinIO, Ceph, OVH…). A write is a multipart upload, invisible until it
/// completes, so a failed write leaves nothing; memory held is one part whatever the object's size.
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 client, S3StorageOptions options) : IObjectStore, IRetentionLock
{
    public async Task LockUntilAsync(string key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (!options.ObjectLock) return;
        ObjectKeys.Validate(key);
        await client.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = options.Bucket, Key = key,
            Retention = new ObjectLockRetention { Mode = ObjectLockRetentionMode.Compliance, RetainUntilDate = until.UtcDateTime },
        }, cancellationToken);
    }

    public async Task SetLegalHoldAsync(string key, bool on, CancellationToken cancellationToken)
    {
        if (!options.ObjectLock) return;
        ObjectKeys.Validate(key);
        await client.PutObjectLegalHoldAsync(new PutObjectLegalHoldRequest
        {
            BucketName = options.Bucket, Key = key,
            LegalHold = new ObjectLockLegalHold { Status = on ? ObjectLockLegalHoldStatus.On : ObjectLockLegalHoldStatus.Off },
        }, cancellationToken);
    }

    public static IAmazonS3 CreateClient(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Checksums only where S3 demands them: trailing checksums are not understood by every store.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(options.ServiceUrl)) config.ServiceURL = options.ServiceUrl;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        return options.AccessKey is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public async Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        try
        {
            var head = await client.GetObjectMetadataAsync(options.Bucket, key, cancellationToken);
            return new ObjectInfo(key, head.ContentLength, head.LastModified ?? DateTimeOffset.UtcNow.UtcDateTime);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        var request = new GetObjectRequest { BucketName = options.Bucket, Key = key };
        if (offset > 0 || length is not null)
        {
            if (length == 0) return Stream.Null;
            request.ByteRange = length is { } n ? new ByteRange(offset, offset + n - 1) : new ByteRange($"bytes={offset}-");
        }
        try
        {
            var response = await client.GetObjectAsync(request, cancellationToken);
            return new ResponseBodyStream(response.ResponseStream, response.ContentLength, response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ObjectNotFoundException(key);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return Stream.Null;
        }
    }

    public Task<ObjectWriter> OpenWriteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        return Task.FromResult<ObjectWriter>(new S3ObjectWriter(client, options, key));
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = options.Bucket, Prefix = prefix };
        while (true)
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in page.S3Objects ?? [])
                yield return new ObjectInfo(o.Key, o.Size ?? 0, o.LastModified ?? DateTime.UtcNow);
            if (page.IsTruncated != true) yield break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        await client.DeleteObjectAsync(options.Bucket, key, cancellationToken);
    }

    public async Task ProbeAsync(CancellationToken cancellationToken) =>
        await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = options.Bucket, MaxKeys = 1 }, cancellationToken);

    /// <summary>Creates the bucket when it is missing (development and tests; deployments provision theirs).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }
}
