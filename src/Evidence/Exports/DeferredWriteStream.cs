namespace Cameras.Evidence.Exports;

/// <summary>
/// Lets <see cref="System.IO.Compression.ZipArchive"/> write into an object writer that only writes asynchronously
/// (S3, Azure Blob): even on its async paths the archive writes some headers synchronously. Those small writes are
/// kept here and sent before the next asynchronous write, or by <see cref="FlushAsync(CancellationToken)"/>.
/// </summary>
internal sealed class DeferredWriteStream(Stream inner) : Stream
{
    // Headers and the central directory are small; more than this held back means bulk data took the sync path.
    private const int MaxPending = 64 << 20;
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_pending.Length + buffer.Length > MaxPending)
            throw new InvalidOperationException("Too many bytes written synchronously into an export package.");
        _pending.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Nothing to do synchronously: held bytes go out with the next asynchronous write or flush.</summary>
    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0) return;
        await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _pending.SetLength(0);
    }
}
