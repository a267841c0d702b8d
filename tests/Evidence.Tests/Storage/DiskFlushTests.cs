using Cameras.Evidence.Storage;

namespace Cameras.Evidence.Tests.Storage;

/// <summary>The folder flush behind the store's durable names runs on this system (Linux), and fails loudly.</summary>
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

    public void Dispose() => _folder.Delete(recursive: true);
}
