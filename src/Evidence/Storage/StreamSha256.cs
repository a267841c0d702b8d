using System.Buffers;
using System.Security.Cryptography;

namespace Cameras.Evidence.Storage;

/// <summary>A stream's SHA-256 (lower-case hex) and the number of bytes it had.</summary>
public readonly record struct StreamDigest(string Sha256, long Size);

/// <summary>
/// The one way a stream is hashed with SHA-256 (an original read back, a derivative stored, an export's copy, a
/// package checked, a dock's files): read to its end through two pooled 1 MiB buffers, the next read running while
/// the current buffer is hashed and handed on, so reading and hashing overlap and cost about the slower of the two.
/// </summary>
public static class StreamSha256
{
    /// <summary>The buffer size: large enough that a network store's reads are few, small enough to stay in cache.</summary>
    public const int BufferSize = 1 << 20;

    /// <summary>Hashes <paramref name="source"/> to its end.</summary>
    public static Task<StreamDigest> HashAsync(Stream source, CancellationToken cancellationToken) =>
        HashAsync(source, null, cancellationToken);

    /// <summary>
    /// Hashes <paramref name="source"/> to its end, handing each block read to <paramref name="each"/> (a copy to a
    /// writer, a progress report) after it is hashed; the block is only valid during the call. With
    /// <paramref name="hashBesideEach"/>, a block is hashed on another thread while <paramref name="each"/> writes it
    /// (for a copy whose write is slow: the pass then costs about the slowest of read, hash and write).
    /// </summary>
    public static async Task<StreamDigest> HashAsync(Stream source, Func<ReadOnlyMemory<byte>, ValueTask>? each,
        CancellationToken cancellationToken, bool hashBesideEach = false)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Pooled: a new 1 MiB buffer per call is a large-object-heap allocation, and the full collections they bring
        // stop every thread of the server (ffmpeg's readers included).
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize)];
        Task<int>? next = null;
        long size = 0;
        try
        {
            var current = 0;
            var n = await source.ReadAsync(buffers[0].AsMemory(0, BufferSize), cancellationToken);
            while (n > 0)
            {
                var (buffer, count) = (buffers[current], n);
                next = source.ReadAsync(buffers[1 - current].AsMemory(0, BufferSize), cancellationToken).AsTask();
                if (each is not null && hashBesideEach)
                {
                    var hashing = Task.Run(() => hash.AppendData(buffer, 0, count), cancellationToken);
                    try
                    {
                        await each(buffer.AsMemory(0, count));
                    }
                    finally
                    {
                        await hashing;
                    }
                }
                else
                {
                    hash.AppendData(buffer, 0, count);
                    if (each is not null) await each(buffer.AsMemory(0, count));
                }
                size += count;
                n = await next;
                next = null;
                current = 1 - current;
            }
            return new StreamDigest(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            // A read still filling a buffer (a failed write or hash left it running) ends before the buffer goes back.
            if (next is not null) await Task.WhenAny(next);
            foreach (var buffer in buffers) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes the file at <paramref name="path"/>, read sequentially.</summary>
    public static async Task<StreamDigest> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = OpenSequential(path);
        return await HashAsync(file, cancellationToken);
    }

    /// <summary>A file opened for one sequential read, without a buffer of its own (the hash's buffers are large).</summary>
    public static FileStream OpenSequential(string path, FileShare share = FileShare.Read) =>
        new(path, FileMode.Open, FileAccess.Read, share, 0, FileOptions.SequentialScan);
}
