using System.Runtime.CompilerServices;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Objects as files under one folder. Writes go to <c>.tmp/</c> and are fsync'ed, then linked into
/// place with a rename that refuses an existing target, so a reader sees a whole object or none; the folders
/// the name is linked into are flushed too, so an object the catalog records survives a power cut.
/// </summary>
public sealed class FileSystemObjectStore : IObjectStore, ILocalObjectFiles, IFileImport
{
    private const string TempFolder = ".tmp";
    private readonly string _root;

    public FileSystemObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, TempFolder));
    }

    public Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new ObjectInfo(key, file.Length, file.LastWriteTimeUtc) : null);
    }

    public Task<Stream> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(PathOf(key), new FileStreamOptions
            {
                Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key);
        }
        file.Position = Math.Min(offset, file.Length);
        var remaining = file.Length - file.Position;
        return Task.FromResult<Stream>(length is { } n && n < remaining ? new BoundedReadStream(file, n) : file);
    }

    public Task<ObjectWriter> OpenWriteAsync(string key, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var temp = Path.Combine(_root, TempFolder, Guid.NewGuid().ToString("n"));
        return Task.FromResult<ObjectWriter>(new FileObjectWriter(key, target, temp));
    }

    public Task<ObjectInfo> ImportFileAsync(string localPath, string key, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        if (File.Exists(target)) throw new ObjectAlreadyExistsException(key);
        // First into our own .tmp (a rename on the same filesystem; a copy only when the file lives elsewhere),
        // then linked into place exactly as a committed write is, refusing an existing target.
        var temp = Path.Combine(_root, TempFolder, Guid.NewGuid().ToString("n"));
        File.Move(localPath, temp, overwrite: false);
        try
        {
            LinkIntoPlace(temp, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Move(temp, localPath, overwrite: false);
            throw new ObjectAlreadyExistsException(key);
        }
        var file = new FileInfo(target);
        return Task.FromResult(new ObjectInfo(key, file.Length, file.LastWriteTimeUtc));
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!Directory.Exists(_root)) yield break;
        var found = new List<ObjectInfo>();
        foreach (var path in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(TempFolder + "/", StringComparison.Ordinal) || !key.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var file = new FileInfo(path);
            found.Add(new ObjectInfo(key, file.Length, file.LastWriteTimeUtc));
        }
        foreach (var info in found.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return info;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(_root, TempFolder)))
            throw new DirectoryNotFoundException($"The object folder {_root} is missing.");
        return Task.CompletedTask;
    }

    public string? LocalPath(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Moves a flushed temporary file to its key's path, refusing an existing target atomically (overwrite: false),
    /// and flushes the folders involved so that the name survives a power cut.
    /// </summary>
    private static void LinkIntoPlace(string temp, string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        CreateFolderDurably(folder);
        File.Move(temp, target, overwrite: false);
        DiskFlush.FlushDirectory(folder);
    }

    /// <summary>Creates <paramref name="folder"/> and any missing parent, each one's name flushed in its own parent.</summary>
    private static void CreateFolderDurably(string folder)
    {
        if (Directory.Exists(folder)) return;
        var parent = Path.GetDirectoryName(folder)!;
        CreateFolderDurably(parent);
        Directory.CreateDirectory(folder);
        DiskFlush.FlushDirectory(parent);
    }

    private string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private sealed class FileObjectWriter(string key, string target, string temp) : ObjectWriter
    {
        private readonly FileStream _file = new(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 0,
        });
        private bool _committed;

        public override string Key => key;

        public override void Write(ReadOnlySpan<byte> buffer) => _file.Write(buffer);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _file.WriteAsync(buffer, cancellationToken);

        public override async Task<ObjectInfo> CommitAsync(CancellationToken cancellationToken)
        {
            await _file.FlushAsync(cancellationToken);
            _file.Flush(flushToDisk: true);
            var size = _file.Length;
            await _file.DisposeAsync();
            try
            {
                LinkIntoPlace(temp, target);
            }
            catch (IOException) when (File.Exists(target))
            {
                File.Delete(temp);
                throw new ObjectAlreadyExistsException(key);
            }
            _committed = true;
            return new ObjectInfo(key, size, File.GetLastWriteTimeUtc(target));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
                if (!_committed) File.Delete(temp);
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync();
            if (!_committed) File.Delete(temp);
            await base.DisposeAsync();
        }
    }
}
