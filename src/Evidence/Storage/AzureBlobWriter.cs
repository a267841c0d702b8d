using System.Net;
using System.Text;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Buffers one block, puts it, reuses the buffer; the commit is a Put Block List with <c>If-None-Match: *</c>,
/// which is when the blob appears, and fails if one is already there. Uncommitted blocks are never visible
/// and the service discards them.
/// </summary>
internal sealed class AzureBlobWriter(AzureBlobObjectStore store, string key, int blockSize) : ObjectWriter
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
            if (_filled == _block.Length) await PutBlockAsync(cancellationToken);
        }
    }

    public override async Task<ObjectInfo> CommitAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0 || _blockIds.Count == 0) await PutBlockAsync(cancellationToken);
        var list = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in _blockIds) list.Append("<Latest>").Append(id).Append("</Latest>");
        list.Append("</BlockList>");
        using var response = await store.SendAsync(HttpMethod.Put, store.BlobUrl(key) + "?comp=blocklist",
            new StringContent(list.ToString(), Encoding.UTF8, "application/xml"),
            request => request.Headers.TryAddWithoutValidation("If-None-Match", "*"), cancellationToken);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
            throw new ObjectAlreadyExistsException(key);
        await AzureBlobObjectStore.EnsureSuccessAsync(response, cancellationToken);
        return new ObjectInfo(key, _size, response.Content.Headers.LastModified ?? DateTimeOffset.UtcNow);
    }

    private async Task PutBlockAsync(CancellationToken cancellationToken)
    {
        // Block ids must all have one length within a blob: this write's id and a zero-padded counter.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_writeId}-{_blockIds.Count:D6}"));
        using var content = new ByteArrayContent(_block, 0, _filled);
        using var response = await store.SendAsync(HttpMethod.Put,
            $"{store.BlobUrl(key)}?comp=block&blockid={Uri.EscapeDataString(id)}", content, null, cancellationToken);
        await AzureBlobObjectStore.EnsureSuccessAsync(response, cancellationToken);
        _blockIds.Add(id);
        _filled = 0;
    }
}
