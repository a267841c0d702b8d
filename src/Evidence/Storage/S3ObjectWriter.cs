using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Buffers one part, uploads it, reuses the buffer. Small objects go up in one PUT at commit; larger
/// ones as a multipart upload completed at commit, which is when S3 makes them visible.
/// </summary>
internal sealed class S3ObjectWriter(IAmazonS3 client, S3StorageOptions options, string key) : ObjectWriter
{
    private readonly byte[] _part = new byte[options.PartSize];
    private readonly List<PartETag> _parts = [];
    private int _filled;
    private long _size;
    private string? _uploadId;
    private bool _finished;

    public override string Key => key;

    private ServerSideEncryptionMethod? Encryption =>
        string.IsNullOrEmpty(options.ServerSideEncryption) ? null : ServerSideEncryptionMethod.FindValue(options.ServerSideEncryption);

    private string? KmsKey => string.IsNullOrEmpty(options.KmsKeyId) ? null : options.KmsKeyId;

    public override void Write(ReadOnlySpan<byte> buffer) =>
        throw new NotSupportedException("Writes to S3 are asynchronous; use WriteAsync.");

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, _part.Length - _filled);
            buffer[..n].CopyTo(_part.AsMemory(_filled));
            _filled += n;
            _size += n;
            buffer = buffer[n..];
            if (_filled == _part.Length) await UploadPartAsync(cancellationToken);
        }
    }

    public override async Task<ObjectInfo> CommitAsync(CancellationToken cancellationToken)
    {
        if (await ExistsAsync(cancellationToken))
            throw new ObjectAlreadyExistsException(key);
        try
        {
            if (_uploadId is null)
            {
                var put = new PutObjectRequest
                {
                    BucketName = options.Bucket, Key = key, IfNoneMatch = "*",
                    InputStream = new MemoryStream(_part, 0, _filled, writable: false), AutoCloseStream = false,
                    UseChunkEncoding = false,
                };
                if (Encryption is { } method) (put.ServerSideEncryptionMethod, put.ServerSideEncryptionKeyManagementServiceKeyId) = (method, KmsKey);
                await client.PutObjectAsync(put, cancellationToken);
            }
            else
            {
                if (_filled > 0) await UploadPartAsync(cancellationToken);
                await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = options.Bucket, Key = key, UploadId = _uploadId, PartETags = _parts, IfNoneMatch = "*",
                }, cancellationToken);
            }
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new ObjectAlreadyExistsException(key);
        }
        _finished = true;
        return new ObjectInfo(key, _size, DateTimeOffset.UtcNow);
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(options.Bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task UploadPartAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            var initiate = new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = key };
            if (Encryption is { } method) (initiate.ServerSideEncryptionMethod, initiate.ServerSideEncryptionKeyManagementServiceKeyId) = (method, KmsKey);
            _uploadId = (await client.InitiateMultipartUploadAsync(initiate, cancellationToken)).UploadId;
        }
        var number = _parts.Count + 1;
        var response = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = options.Bucket, Key = key, UploadId = _uploadId, PartNumber = number,
            InputStream = new MemoryStream(_part, 0, _filled, writable: false), PartSize = _filled,
            UseChunkEncoding = false,
        }, cancellationToken);
        _parts.Add(new PartETag(number, response.ETag));
        _filled = 0;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_finished && _uploadId is not null)
        {
            try
            {
                await client.AbortMultipartUploadAsync(options.Bucket, key, _uploadId);
            }
            catch (AmazonS3Exception)
            {
                // The store expires abandoned multipart uploads itself; nothing visible was written.
            }
        }
        _finished = true;
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
