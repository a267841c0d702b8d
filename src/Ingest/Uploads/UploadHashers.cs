using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// The running SHA-256 of each upload this process is receiving. IncrementalHash cannot be saved, so a process that
/// did not see the earlier bytes (a restart, another node) rebuilds it from the durable prefix of the staging file,
/// up to the offset PostgreSQL acknowledges; any tail past it was never acknowledged and is cut off first.
/// The upload's lease makes this process the only writer, so the cached state cannot go stale behind its back.
/// </summary>
public sealed class UploadHashers
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public sealed class Entry(IncrementalHash hash, long offset)
    {
        public IncrementalHash Hash { get; set; } = hash;
        public long Offset { get; set; } = offset;
    }

    /// <summary>The hash of bytes [0, offset) of the upload, its file cut to exactly that length.</summary>
    public async Task<Entry> AtAsync(Guid id, SafeFileHandle file, long offset, CancellationToken cancellationToken)
    {
        if (RandomAccess.GetLength(file) > offset) RandomAccess.SetLength(file, offset);
        if (_entries.TryGetValue(id, out var cached) && cached.Offset == offset) return cached;
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long position = 0; position < offset;)
            {
                var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, (int)Math.Min(buffer.Length, offset - position)), position, cancellationToken);
                if (n == 0) throw new IOException($"The staging file of upload {id} is shorter than its acknowledged offset {offset}.");
                hash.AppendData(buffer, 0, n);
                position += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var entry = new Entry(hash, offset);
        if (_entries.TryRemove(id, out var old)) old.Hash.Dispose();
        _entries[id] = entry;
        return entry;
    }

    /// <summary>The SHA-256 of the whole upload, once all <paramref name="length"/> bytes are durable.</summary>
    public async Task<byte[]> FinishAsync(Guid id, SafeFileHandle file, long length, CancellationToken cancellationToken)
    {
        var entry = await AtAsync(id, file, length, cancellationToken);
        var digest = entry.Hash.GetHashAndReset();
        Forget(id);
        return digest;
    }

    public void Forget(Guid id)
    {
        if (_entries.TryRemove(id, out var old)) old.Hash.Dispose();
    }
}
