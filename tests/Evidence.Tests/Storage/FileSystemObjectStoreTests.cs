using Cameras.Evidence.Storage;

namespace Cameras.Evidence.Tests.Storage;

public sealed class FileSystemObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cameras-fs-store-");

    public FileSystemObjectStoreTests() => Store = new FileSystemObjectStore(_root.FullName);

    protected override IObjectStore Store { get; }

    [Fact]
    public async Task A_committed_object_leaves_no_temporary_file_behind()
    {
        await Store.PutAsync("kept/one", new byte[] { 1, 2, 3 }, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root.FullName, ".tmp")));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
