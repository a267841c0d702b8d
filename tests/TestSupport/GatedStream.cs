using Cameras.Evidence.Storage;

namespace Cameras.TestSupport;

/// <summary>
/// A request body that sends its first <paramref name="pauseAt"/> bytes, then waits until <see cref="Release"/> before
/// the rest: a test can act while a request is under way (stop the database, read a gauge) and then let it finish.
/// </summary>
public sealed class GatedStream(byte[] content, int pauseAt) : ReadOnlyStream
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    public void Release() => _gate.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= pauseAt) await _gate.Task.WaitAsync(cancellationToken);
        var end = _position < pauseAt ? pauseAt : content.Length;
        var n = Math.Min(buffer.Length, end - _position);
        content.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override long Length => content.Length;
    public override long Position => _position;
}
