namespace Cameras.Evidence.Storage;

/// <summary>
/// An object store's response body (S3's GetObject, Azure's streaming download), read as it arrives, of the length the
/// response announced; disposing it ends the response (<paramref name="response"/>), which owns the connection.
/// </summary>
internal sealed class ResponseBodyStream(Stream body, long length, IDisposable response) : ReadOnlyStream
{
    public override long Length => length;
    public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => body.Read(buffer);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => body.ReadAsync(buffer, offset, count, ct);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => body.ReadAsync(buffer, ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing) response.Dispose();
        base.Dispose(disposing);
    }
}
