using System.Collections.Concurrent;
using System.Threading.Channels;
using Cameras.Evidence.Storage;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// Hashes the files ffmpeg writes into a folder while ffmpeg is still writing, and starts their writeback to disk,
/// so that storing them afterwards is a flush that finds little left to write, and a rename. ffmpeg writes
/// numbered segments one after the other: once a later segment exists, an earlier one is closed. What remains is
/// hashed when ffmpeg has exited, and any file that changed after it was hashed is hashed again, so the rule only
/// decides when, never what, is hashed. A segment hashed is then written back and dropped from the page cache
/// (<see cref="DiskFlush.WriteBackAndEvict"/>): nothing reads it again before it is stored, a proxy is as large as
/// its original and should not push the database's and the originals' pages out of memory, and its pages, given
/// back whole, spare ffmpeg's next writes a compaction when the cache is full.
/// </summary>
public sealed class OutputHasher : IAsyncDisposable
{
    // What is still unhashed when ffmpeg exits is hashed while the step waits: a remux closes a 6 MB segment every
    // few milliseconds, so a shorter poll leaves less (at 200 ms, a tenth of a second of hashing at the end).
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);
    private readonly string _folder;
    private readonly string _segmentPattern;
    private readonly ConcurrentDictionary<string, Task<FileDigest>> _digests = new(StringComparer.Ordinal);
    // One hash at a time while ffmpeg runs: it keeps up with ffmpeg's output (SHA-256 runs at GB/s) and takes as
    // little CPU from ffmpeg as it can; once ffmpeg exits, the gate widens for what is left.
    private readonly SemaphoreSlim _whileWriting = new(1);
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _stop;
    private readonly Task _watch;
    private readonly Channel<string> _hashed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _evict;

    private OutputHasher(string folder, string segmentPattern, CancellationToken cancellationToken)
    {
        _folder = folder;
        _segmentPattern = segmentPattern;
        _cancellationToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _watch = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        _evict = Task.Run(EvictAsync, CancellationToken.None);
    }

    /// <summary>Starts watching <paramref name="folder"/> for closed segments named like <paramref name="segmentPattern"/> (e.g. <c>seg_*.m4s</c>).</summary>
    public static OutputHasher Start(string folder, string segmentPattern, CancellationToken cancellationToken) =>
        new(folder, segmentPattern, cancellationToken);

    /// <summary>Once the writer is done: the digest of every file in the folder, by name.</summary>
    public async Task<IReadOnlyDictionary<string, FileDigest>> CompleteAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _watch;
        _hashed.Writer.TryComplete();
        // ffmpeg has exited: its CPU is free, so any backlog of closed segments is hashed on every core at once.
        _whileWriting.Release(Environment.ProcessorCount);
        var files = Directory.GetFiles(_folder);
        var digests = await Task.WhenAll(files.Select(async path =>
        {
            var digest = _digests.TryGetValue(path, out var started) ? await started
                : await Task.Run(() => HashFileAsync(path, cancellationToken), cancellationToken);
            return digest.StillMatches(path) ? digest : await HashFileAsync(path, cancellationToken);
        }));
        await _evict;
        return files.Select(Path.GetFileName).Zip(digests).ToDictionary(p => p.First!, p => p.Second, StringComparer.Ordinal);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var segments = Directory.GetFiles(_folder, _segmentPattern).Order(StringComparer.Ordinal).ToList();
                // The last one may still be open; every one before it is closed.
                foreach (var path in segments.SkipLast(1)) _ = HashOnceAsync(path);
                await Task.Delay(PollEvery, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Hashes run under the step's token, not the watch's: stopping the watch must not stop them.
    private Task<FileDigest> HashOnceAsync(string path) => _digests.GetOrAdd(path, p => HashWhileWritingAsync(p, _cancellationToken));

    private async Task<FileDigest> HashWhileWritingAsync(string path, CancellationToken cancellationToken)
    {
        await _whileWriting.WaitAsync(cancellationToken);
        try
        {
            var digest = await Task.Run(() => HashFileAsync(path, cancellationToken), cancellationToken);
            _hashed.Writer.TryWrite(path);
            return digest;
        }
        finally
        {
            _whileWriting.Release();
        }
    }

    // One segment after the other, apart from the hashing: waiting for a segment's writeback takes no CPU, but must
    // not hold back the hashing of the next ones.
    private async Task EvictAsync()
    {
        await foreach (var path in _hashed.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                DiskFlush.WriteBackAndEvict(file);
            }
            catch (IOException)
            {
                // A hint only: whoever stores the file flushes it in any case.
            }
        }
    }

    /// <summary>
    /// Hashes one closed file and starts writing it to disk without waiting; whoever stores it flushes it then.
    /// An fsync per segment here put journal commits and device flushes under ffmpeg's own writes; with no
    /// writeback started at all, the flushes before storing found most of the output still to write (the A/B
    /// in bench/RESULTS.md).
    /// </summary>
    public static async Task<FileDigest> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        var lastWrite = File.GetLastWriteTimeUtc(path);
        await using var file = StreamSha256.OpenSequential(path, FileShare.ReadWrite);
        var digest = await StreamSha256.HashAsync(file, cancellationToken);
        DiskFlush.StartWriteback(file.SafeFileHandle);
        return new FileDigest(digest.Size, digest.Sha256, lastWrite);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        _hashed.Writer.TryComplete();
        await _evict;
        // Let running hashes finish before the folder is deleted under them.
        try
        {
            await Task.WhenAll(_digests.Values);
        }
        catch (Exception)
        {
            // Their outcome no longer matters: the step is over.
        }
        _stop.Dispose();
        _whileWriting.Dispose();
    }
}
