using Cameras.Evidence.Storage;

namespace Cameras.Dock;

/// <summary>
/// Reads a file for a PATCH body, reporting progress, optionally capping the rate, and cancelling the request when
/// the network stalls (a pulled cable sends no error for minutes; a stall of <c>stallTimeout</c> ends the attempt).
/// </summary>
internal sealed class ProgressStream(Stream inner, Action<long> progress, long? maxBytesPerSecond, CancellationTokenSource stall, TimeSpan stallTimeout)
    : ReadOnlyStream
{
    private readonly long _started = Environment.TickCount64;
    private long _sent;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        stall.CancelAfter(stallTimeout);
        if (maxBytesPerSecond is { } rate)
        {
            buffer = buffer[..(int)Math.Min(buffer.Length, Math.Max(1, rate / 10))];
            var due = _sent * 1000 / rate - (Environment.TickCount64 - _started);
            if (due > 0) await Task.Delay(TimeSpan.FromMilliseconds(due), cancellationToken);
        }
        var n = await inner.ReadAsync(buffer, cancellationToken);
        _sent += n;
        progress(n);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
