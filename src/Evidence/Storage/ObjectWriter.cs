namespace Cameras.Evidence.Storage;

/// <summary>
/// A write-only stream whose bytes become an object only on <see cref="CommitAsync"/>.
/// Disposing it without a commit throws the bytes away, so a failed or cancelled write leaves nothing visible.
/// </summary>
public abstract class ObjectWriter : Stream
{
    public abstract string Key { get; }

    /// <summary>Makes the object visible, durably.</summary>
    /// <exception cref="ObjectAlreadyExistsException">the key already holds an object; nothing is changed</exception>
    public abstract Task<ObjectInfo> CommitAsync(CancellationToken cancellationToken);

    public sealed override bool CanRead => false;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => true;
    public sealed override long Length => throw new NotSupportedException();
    public sealed override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public sealed override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
}
