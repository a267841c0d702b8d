namespace Cameras.Evidence.Storage;

/// <summary>
/// The rest of <see cref="Stream"/>'s surface for a stream that is only read, front to back: it cannot seek or be
/// written, flushing it does nothing, and it has no length or position unless it overrides them. Subclasses give the reads.
/// </summary>
public abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
