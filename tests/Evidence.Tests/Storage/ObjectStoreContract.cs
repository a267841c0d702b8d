using System.Diagnostics;
using System.Security.Cryptography;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>What every object store must do; run against each implementation.</summary>
public abstract class ObjectStoreContract
{
    protected abstract IObjectStore Store { get; }

    protected static string NewKey(string prefix = "test") => $"{prefix}/{Guid.NewGuid():n}";

    private static byte[] RandomBytes(int size) => RandomNumberGenerator.GetBytes(size);

    [Fact]
    public async Task Bytes_read_back_equal_bytes_written()
    {
        var key = NewKey();
        var bytes = RandomBytes(3 * 1024 * 1024 + 17);
        var info = await Store.PutAsync(key, bytes, CancellationToken.None);

        Assert.Equal(bytes.Length, info.Size);
        Assert.Equal(bytes.Length, (await Store.GetInfoAsync(key, CancellationToken.None))!.Size);
        await using var read = await Store.OpenReadAsync(key, 0, null, CancellationToken.None);
        Assert.Equal(SHA256.HashData(bytes), await SHA256.HashDataAsync(read));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1000, 1)]
    [InlineData(4096, 100_000)]
    [InlineData(199_990, null)]
    public async Task A_range_reads_exactly_those_bytes(long offset, int? length)
    {
        var key = NewKey();
        var bytes = RandomBytes(200_000);
        await Store.PutAsync(key, bytes, CancellationToken.None);

        await using var read = await Store.OpenReadAsync(key, offset, length, CancellationToken.None);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        var expected = bytes.AsSpan((int)offset, length ?? bytes.Length - (int)offset).ToArray();
        Assert.Equal(expected, copy.ToArray());
    }

    [Fact]
    public async Task A_missing_object_has_no_info_and_cannot_be_read()
    {
        var key = NewKey();
        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(key, 0, null, CancellationToken.None));
    }

    [Fact]
    public async Task Overwriting_an_object_is_refused_and_the_original_is_kept()
    {
        var key = ObjectKeys.Original(Convert.ToHexStringLower(RandomBytes(32)));
        var original = RandomBytes(1000);
        await Store.PutAsync(key, original, CancellationToken.None);

        await Assert.ThrowsAsync<ObjectAlreadyExistsException>(() => Store.PutAsync(key, RandomBytes(1000), CancellationToken.None));

        await using var read = await Store.OpenReadAsync(key, 0, null, CancellationToken.None);
        Assert.Equal(SHA256.HashData(original), await SHA256.HashDataAsync(read));
    }

    [Fact]
    public async Task A_write_that_is_not_committed_leaves_nothing_visible()
    {
        var prefix = NewKey("abandoned");
        var key = prefix + "/object";
        await using (var writer = await Store.OpenWriteAsync(key, CancellationToken.None))
        {
            await writer.WriteAsync(RandomBytes(12 * 1024 * 1024)); // more than one S3 part
            Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
        }
        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
        Assert.Empty(await ToListAsync(Store.ListAsync(prefix, CancellationToken.None)));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_nothing_visible()
    {
        var key = NewKey();
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await using var writer = await Store.OpenWriteAsync(key, cancel.Token);
            await writer.WriteAsync(RandomBytes(1024), cancel.Token);
            await cancel.CancelAsync();
            await writer.WriteAsync(RandomBytes(9 * 1024 * 1024), cancel.Token);
            await writer.CommitAsync(cancel.Token);
        });
        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task List_returns_the_objects_under_a_prefix_in_key_order()
    {
        var prefix = NewKey("list");
        foreach (var name in new[] { "c", "a", "b/x" })
            await Store.PutAsync($"{prefix}/{name}", RandomBytes(10), CancellationToken.None);
        await Store.PutAsync(NewKey("list"), RandomBytes(10), CancellationToken.None);

        var keys = (await ToListAsync(Store.ListAsync(prefix + "/", CancellationToken.None))).Select(o => o.Key);
        Assert.Equal([$"{prefix}/a", $"{prefix}/b/x", $"{prefix}/c"], keys);
    }

    [Fact]
    public async Task Delete_removes_an_object()
    {
        var key = NewKey();
        await Store.PutAsync(key, RandomBytes(10), CancellationToken.None);
        await Store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("/absolute")]
    [InlineData("UPPER")]
    [InlineData("a//b")]
    public async Task Keys_that_could_leave_the_store_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenWriteAsync(key, CancellationToken.None));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}

/// <summary>
/// The contract and a 1 GiB object through the store with memory flat: run once per way of moving bytes (file system,
/// S3, Azure Blob), not per credential of one of them (a SAS moves bytes through the same client as the key), since each
/// run moves two gigabytes through a local emulator.
/// </summary>
public abstract class StreamingObjectStoreContract : ObjectStoreContract
{
    [Fact]
    public async Task A_one_gigabyte_object_streams_through_with_memory_flat()
    {
        const long size = 1L << 30;
        var key = NewKey("large");
        using var process = Process.GetCurrentProcess();
        var before = CurrentRss();
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, CurrentRss());
                await Task.Delay(50);
            }
        });

        byte[] writtenHash;
        await using (var source = new PseudoRandomStream(size, seed: 42))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            await using var hashing = new HashingReadStream(source, hash);
            await Store.PutAsync(key, hashing, CancellationToken.None);
            writtenHash = hash.GetHashAndReset();
        }
        await using (var read = await Store.OpenReadAsync(key, 0, null, CancellationToken.None))
            Assert.Equal(writtenHash, await SHA256.HashDataAsync(read));
        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(size, (await Store.GetInfoAsync(key, CancellationToken.None))!.Size);
        Assert.True(peak - before < 200L * 1024 * 1024, $"resident memory grew by {(peak - before) >> 20} MiB for a 1 GiB object");
        await Store.DeleteAsync(key, CancellationToken.None);
    }

    /// <summary>Resident set size of this process, read fresh from /proc (Process caches its numbers).</summary>
    private static long CurrentRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }
}
