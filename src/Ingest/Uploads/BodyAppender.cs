using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// Appends a request body to an upload's staging file, capped at the bytes remaining, feeding the file's SHA-256 on
/// the way. Reading the next buffer overlaps hashing and writing the previous one, so the slowest of network, hash
/// and disk sets the pace. Nothing is acknowledged before it is flushed: each checkpoint and the end fsync the file,
/// then store the offset in PostgreSQL.
/// </summary>
public sealed class BodyAppender(StagingArea staging, UploadHashers hashers, UploadStore store, IOptions<IngestOptions> options)
{
    private const int BufferSize = 1 << 20;

    public async Task<AppendOutcome> AppendAsync(Upload upload, UploadLease lease, Stream body, long limit,
        ChunkChecksum? checksum, CancellationToken requestAborted)
    {
        using var file = staging.OpenForWrite(upload.Id);
        var entry = await hashers.AtAsync(upload.Id, file, upload.Offset, requestAborted);
        using var snapshot = entry.Hash.Clone();
        using var chunkHash = checksum is null ? null : IncrementalHash.CreateHash(checksum.Algorithm);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lease.Lost);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize)];
        var start = upload.Offset;
        long read = start, processed = start, durable = start;
        var outcome = AppendStop.EndOfBody;
        Task pending = Task.CompletedTask;
        Task<long>? flushing = null;
        try
        {
            for (var current = 0; outcome == AppendStop.EndOfBody; current ^= 1)
            {
                var want = (int)Math.Min(BufferSize, limit - (read - start));
                if (want == 0)
                {
                    if (await body.ReadAsync(new byte[1], stop.Token) > 0) outcome = AppendStop.TooLarge;
                    break;
                }
                var (n, interrupted) = await FillAsync(body, buffers[current].AsMemory(0, want), stop.Token);
                if (interrupted) outcome = AppendStop.Interrupted;
                await pending;
                processed = read;
                if (flushing is { IsCompleted: true })
                {
                    durable = await flushing;
                    flushing = null;
                }
                // Checkpoints run beside the transfer (the disk writes back while the network keeps coming), which
                // also leaves little for the last flush. A checksummed chunk is verified as a whole, so none of it
                // may be acknowledged before its end.
                if (checksum is null && flushing is null && processed - durable >= options.Value.CheckpointBytes)
                {
                    var target = processed;
                    flushing = Task.Run(() => MakeDurableAsync(upload, lease, file, target));
                }
                if (n == 0) break;
                pending = ProcessAsync(entry.Hash, chunkHash, file, buffers[current], n, read);
                read += n;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            outcome = AppendStop.Interrupted;
        }
        finally
        {
            // A failed disk write surfaces here and fails the request; nothing past `processed` is acknowledged.
            await pending;
            processed = read;
            foreach (var buffer in buffers) ArrayPool<byte>.Shared.Return(buffer);
            if (flushing is not null) durable = await flushing;
        }

        if (outcome == AppendStop.TooLarge || (checksum is not null && outcome == AppendStop.Interrupted)
            || (checksum is not null && !CryptographicOperations.FixedTimeEquals(chunkHash!.GetHashAndReset(), checksum.Expected)))
        {
            if (outcome == AppendStop.EndOfBody) outcome = AppendStop.ChecksumMismatch;
            return await DiscardAsync(upload, lease, file, entry, snapshot, start, durable, outcome);
        }
        entry.Offset = processed;
        if (processed != durable) await MakeDurableAsync(upload, lease, file, processed);
        return new AppendOutcome(processed, outcome);
    }

    /// <summary>Reads until the buffer is full or the body ends; a failure keeps what had arrived.</summary>
    private static async Task<(int Count, bool Interrupted)> FillAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var n = await body.ReadAsync(buffer[filled..], cancellationToken);
                if (n == 0) break;
                filled += n;
            }
            return (filled, false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return (filled, true);
        }
    }

    private static Task ProcessAsync(IncrementalHash hash, IncrementalHash? chunkHash, SafeFileHandle file, byte[] buffer, int n, long at)
    {
        var hashing = Task.Run(() =>
        {
            hash.AppendData(buffer, 0, n);
            chunkHash?.AppendData(buffer, 0, n);
        });
        var writing = RandomAccess.WriteAsync(file, buffer.AsMemory(0, n), at).AsTask();
        return Task.WhenAll(hashing, writing);
    }

    private async Task<long> MakeDurableAsync(Upload upload, UploadLease lease, SafeFileHandle file, long offset)
    {
        RandomAccess.FlushToDisk(file);
        await store.SetOffsetAsync(lease.Connection, upload.Id, offset, DateTimeOffset.UtcNow + options.Value.ExpireAfter, CancellationToken.None);
        return offset;
    }

    /// <summary>Puts the upload back where this request found it: file length, running hash, stored offset.</summary>
    private async Task<AppendOutcome> DiscardAsync(Upload upload, UploadLease lease, SafeFileHandle file,
        UploadHashers.Entry entry, IncrementalHash snapshot, long start, long durable, AppendStop outcome)
    {
        RandomAccess.SetLength(file, start);
        entry.Hash.Dispose();
        entry.Hash = snapshot.Clone();
        entry.Offset = start;
        if (durable != start) await MakeDurableAsync(upload, lease, file, start);
        return new AppendOutcome(start, outcome);
    }
}
