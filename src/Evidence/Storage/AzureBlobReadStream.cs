using Azure.Storage.Blobs.Models;

namespace Cameras.Evidence.Storage;

/// <summary>The service's response body, read as it arrives (the SDK resumes it after a dropped connection);
/// disposing it ends the response.</summary>
internal sealed class AzureBlobReadStream(BlobDownloadStreamingResult download) : Stream
{
    private readonly Stream _body = download.Content;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => download.Details.ContentLength;
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => _body.Read(buffer);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => _body.ReadAsync(buffer, offset, count, ct);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => _body.ReadAsync(buffer, ct);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) download.Dispose();
        base.Dispose(disposing);
    }
}
