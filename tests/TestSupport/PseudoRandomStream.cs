using Cameras.Evidence.Storage;

namespace Cameras.TestSupport;

/// <summary>A read-only stream of <c>length</c> reproducible pseudo-random bytes, generated as read: no buffer of its size.</summary>
public sealed class PseudoRandomStream(long length, int seed) : ReadOnlyStream
{
    private readonly Random _random = new(seed);
    private long _position;

    public override long Length => length;
    public override long Position => _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        _random.NextBytes(buffer[..n]);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));
}
