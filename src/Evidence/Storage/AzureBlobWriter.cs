using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Buffers one block, stages it, reuses the buffer; the commit is the block list with <c>If-None-Match: *</c>,
/// which is when the blob appears, and fails if one is already there. Uncommitted blocks are never visible and
/// the service discards them, so an abandoned write leaves nothing.
/// </summary>
internal sealed class AzureBlobWriter(BlockBlobClient blob, string key, int blockSize) : ObjectWriter
{
    private readonly byte[] _block = new byte[blockSize];
    private readonly List<string> _blockIds = [];
    private readonly string _writeId = Guid.NewGuid().ToString("n");
    private int _filled;
    private long _size;

    public override string Key => key;

    public override void Write(ReadOnlySpan<byte> buffer) =>
        throw new NotSupportedException("Writes to Azure Blob are asynchronous; use WriteAsync.");

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, _block.Length - _filled);
            buffer[..n].CopyTo(_block.AsMemory(_filled));
            _filled += n;
            _size += n;
            buffer = buffer[n..];
            if (_filled == _block.Length) await StageAsync(cancellationToken);
        }
    }

    public override async Task<ObjectInfo> CommitAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0) await StageAsync(cancellationToken);
        try
        {
            var committed = await blob.CommitBlockListAsync(_blockIds,
                new CommitBlockListOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return new ObjectInfo(key, _size, committed.Value.LastModified);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new ObjectAlreadyExistsException(key); // BlobAlreadyExists, or an immutable blob already there
        }
        catch (RequestFailedException e) when (e.ErrorCode == "InvalidBlockList")
        {
            // Another writer of the same key committed first, which discards the blocks this one staged.
            if ((await blob.ExistsAsync(cancellationToken)).Value) throw new ObjectAlreadyExistsException(key);
            throw;
        }
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        // Block ids must all have one length within a blob: this write's id and a zero-padded counter.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_writeId}-{_blockIds.Count:D6}"));
        using var content = new MemoryStream(_block, 0, _filled, writable: false);
        await blob.StageBlockAsync(id, content, new BlockBlobStageBlockOptions(), cancellationToken);
        _blockIds.Add(id);
        _filled = 0;
    }
}
