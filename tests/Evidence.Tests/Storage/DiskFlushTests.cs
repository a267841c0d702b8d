using System.Globalization;
using System.Security.Cryptography;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>
/// The folder flush behind the store's durable names runs on this system (Linux), and fails loudly; a file written
/// back and evicted keeps its bytes and leaves the page cache (as <c>fincore</c>, from util-linux, reports it).
/// </summary>
public sealed class DiskFlushTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cameras-disk-flush-");

    [Fact]
    public void A_folder_is_flushed_and_a_missing_one_is_named_in_the_error()
    {
        DiskFlush.FlushDirectory(_folder.FullName);

        var missing = Path.Combine(_folder.FullName, "gone");
        var error = Assert.Throws<IOException>(() => DiskFlush.FlushDirectory(missing));
        Assert.Contains(missing, error.Message);
        Assert.Contains("No such file or directory", error.Message);
    }

    [Fact]
    public async Task A_file_written_back_and_evicted_keeps_its_bytes_and_leaves_the_page_cache()
    {
        var path = Path.Combine(_folder.FullName, "seg_00001.m4s");
        var bytes = RandomNumberGenerator.GetBytes(8 << 20);
        await File.WriteAllBytesAsync(path, bytes);
        Assert.True(await CachedBytesAsync(path) > 0, "a file just written is in the page cache");

        using (var file = File.OpenHandle(path)) DiskFlush.WriteBackAndEvict(file);

        Assert.Equal(0, await CachedBytesAsync(path));
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await File.ReadAllBytesAsync(path)));
    }

    private static async Task<long> CachedBytesAsync(string path)
    {
        var fincore = await ExternalProcess.RunAsync("fincore", ["--bytes", "--noheadings", "--output", "RES", path]);
        Assert.True(fincore.ExitCode == 0, $"fincore failed: {fincore.Stderr}");
        return long.Parse(fincore.Stdout.Trim(), CultureInfo.InvariantCulture);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
