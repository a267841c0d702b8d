using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Cameras.Evidence.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// Appends a request body to an upload's staging file, capped at the bytes remaining, feeding the file's SHA-256 on
/// the way. The body is read from Kestrel's own buffers (a <see cref="PipeReader"/>, no copy into ours): each batch
/// of about 1 MiB is hashed on one core and written (one gathered write) on another while Kestrel keeps receiving
/// the next into its buffers, so the slowest of network, hash and disk sets the pace. Nothing is acknowledged before
/// it is flushed: each checkpoint and the end fsync the file, then store the offset in PostgreSQL.
/// </summary>
public sealed class BodyAppender(StagingArea staging, UploadHashers hashers, UploadStore store, IOptions<IngestOptions> options, TimeProvider clock)
{
    /// <summary>Bytes gathered before they are hashed and written: fewer, larger writes. Kestrel buffers up to
    /// <see cref="IngestModule.RequestBufferBytes"/> per connection, so the network goes on while a batch is processed.</summary>
    public const int BatchSize = 1 << 20;

    /// <summary>Longest that received bytes wait for their batch to fill before they are written anyway.</summary>
    private static readonly TimeSpan BatchPatience = TimeSpan.FromMilliseconds(100);

    public async Task<AppendOutcome> AppendAsync(Upload upload, UploadLease lease, PipeReader body, long limit,
        ChunkChecksum? checksum, CancellationToken requestAborted)
    {
        try
        {
            return await AppendBodyAsync(upload, lease, body, limit, checksum, requestAborted);
        }
        catch
        {
            // Failed part-way (a checkpoint the database did not take, a disk error): the running hash has taken in
            // bytes past the offset it is filed at. Forgotten, it is rebuilt from the durable prefix by the next
            // request; kept, it would make a correct file look altered (quarantine) once the dock resumes.
            hashers.Forget(upload.Id);
            throw;
        }
    }

    private async Task<AppendOutcome> AppendBodyAsync(Upload upload, UploadLease lease, PipeReader body, long limit,
        ChunkChecksum? checksum, CancellationToken requestAborted)
    {
        using var file = staging.OpenForWrite(upload.Id);
        var entry = await hashers.AtAsync(upload.Id, file, upload.Offset, requestAborted);
        using var snapshot = entry.Hash.Clone();
        using var chunkHash = checksum is null ? null : IncrementalHash.CreateHash(checksum.Algorithm);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lease.Lost);
        var start = upload.Offset;
        long processed = start, durable = start;
        var outcome = AppendStop.EndOfBody;
        Task<long>? flushing = null;
        var segments = new List<ReadOnlyMemory<byte>>(BatchSize / 4096 + 1);
        CamerasMetrics.UploadsInFlight.Add(1);
        try
        {
            var waiting = new Stopwatch(); // how long the bytes of an unfinished batch have waited
            while (true)
            {
                ReadResult result;
                try
                {
                    // While bytes wait for their batch, a timer ends the wait (CancelPendingRead returns what is
                    // there): on a slow link they are written now, so a cut connection loses at most that much.
                    // A late tick only makes one batch smaller.
                    using var patience = waiting.IsRunning
                        ? new Timer(_ => body.CancelPendingRead(), null, Max(BatchPatience - waiting.Elapsed, TimeSpan.Zero), Timeout.InfiniteTimeSpan)
                        : null;
                    result = await body.ReadAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
                {
                    // The client has gone (or the lease was taken): what was processed stays; the bytes of the last
                    // fraction of a second still in Kestrel's buffers are not acknowledged and will be sent again.
                    outcome = AppendStop.Interrupted;
                    break;
                }
                var buffer = result.Buffer;
                var ended = result.IsCompleted;
                if (buffer.Length < BatchSize && !ended && !result.IsCanceled && waiting.Elapsed < BatchPatience)
                {
                    body.AdvanceTo(buffer.Start, buffer.End); // wait for a whole batch, or for the patience to run out
                    if (!buffer.IsEmpty) waiting.Start();
                    continue;
                }
                waiting.Reset();
                // One batch at a time (one gathered write stays within the system's limit on buffers per write).
                var batch = buffer.Length > BatchSize ? buffer.Slice(0, BatchSize) : buffer;
                if (batch.Length > limit - (processed - start))
                {
                    body.AdvanceTo(buffer.End);
                    outcome = AppendStop.TooLarge;
                    break;
                }
                if (!batch.IsEmpty)
                {
                    // A failed disk write surfaces here and fails the request; nothing past `processed` is acknowledged.
                    await ProcessAsync(entry.Hash, chunkHash, file, batch, processed, segments);
                    processed += batch.Length;
                    CamerasMetrics.BytesReceived.Add(batch.Length);
                }
                body.AdvanceTo(batch.End);
                ended &= batch.Length == buffer.Length;
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
                if (ended) break;
            }
        }
        finally
        {
            CamerasMetrics.UploadsInFlight.Add(-1);
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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Hashes the batch on one core while it is written, gathered from Kestrel's buffers, on another.</summary>
    private static Task ProcessAsync(IncrementalHash hash, IncrementalHash? chunkHash, SafeFileHandle file,
        ReadOnlySequence<byte> batch, long at, List<ReadOnlyMemory<byte>> segments)
    {
        var hashing = Task.Run(() =>
        {
            var started = Stopwatch.GetTimestamp();
            foreach (var segment in batch)
            {
                hash.AppendData(segment.Span);
                chunkHash?.AppendData(segment.Span);
            }
            CamerasMetrics.Hashed(batch.Length, started);
        });
        segments.Clear();
        foreach (var segment in batch) segments.Add(segment);
        var writing = RandomAccess.WriteAsync(file, segments, at).AsTask();
        return Task.WhenAll(hashing, writing);
    }

    private async Task<long> MakeDurableAsync(Upload upload, UploadLease lease, SafeFileHandle file, long offset)
    {
        RandomAccess.FlushToDisk(file);
        await store.SetOffsetAsync(lease.Connection, upload.Id, offset, clock.GetUtcNow() + options.Value.ExpireAfter, CancellationToken.None);
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
