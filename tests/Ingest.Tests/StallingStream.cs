using Cameras.TestSupport;
using Cameras.Evidence.Storage;

namespace Cameras.Ingest.Tests;

/// <summary>A request body that sends <c>before</c> bytes of a reproducible stream, then hangs without closing,
/// as a dock whose cable was pulled does.</summary>
public sealed class StallingStream(long length, int seed, long before) : ReadOnlyStream
{
    private readonly PseudoRandomStream _inner = new(length, seed);
    private long _position;

    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= before)
        {
            Stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        var n = _inner.Read(buffer.Span[..(int)Math.Min(buffer.Length, before - _position)]);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override long Length => length;
    public override long Position => _position;

    /// <summary>The SHA-256 of all <paramref name="length"/> bytes, and the bytes from <paramref name="offset"/> on.</summary>
    public static (string Sha256, Stream Remainder) Expected(long length, int seed, long offset)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        new HashingReadStream(new PseudoRandomStream(length, seed), hash).CopyTo(Stream.Null, 1 << 20);
        var rest = new PseudoRandomStream(length, seed);
        var skip = new byte[1 << 20];
        for (var left = offset; left > 0;) left -= rest.Read(skip, 0, (int)Math.Min(skip.Length, left));
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), rest);
    }
}
