using Cameras.Evidence.Storage;

namespace Cameras.Evidence.Tests.Storage;

public sealed class FileSystemObjectStoreTests : StreamingObjectStoreContract, IDisposable
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

    [Fact]
    public async Task An_imported_file_is_moved_into_place_once_and_never_over_an_existing_object()
    {
        var import = Assert.IsAssignableFrom<IFileImport>(Store);
        var local = Path.Combine(_root.FullName, "..", $"staged-{Guid.NewGuid():n}");
        await File.WriteAllBytesAsync(local, [4, 5, 6]);

        var info = await import.ImportFileAsync(local, "imported/one", CancellationToken.None);

        Assert.Equal(3, info.Size);
        Assert.False(File.Exists(local));
        await using (var read = await Store.OpenReadAsync("imported/one", 0, null, CancellationToken.None))
        {
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal([4, 5, 6], copy.ToArray());
        }
        await File.WriteAllBytesAsync(local, [7]);
        await Assert.ThrowsAsync<ObjectAlreadyExistsException>(() => import.ImportFileAsync(local, "imported/one", CancellationToken.None));
        Assert.Equal([7], await File.ReadAllBytesAsync(local)); // the refused file is left where it was
        Assert.Equal(3, (await Store.GetInfoAsync("imported/one", CancellationToken.None))!.Size);
        File.Delete(local);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
