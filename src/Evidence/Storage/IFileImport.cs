namespace Cameras.Evidence.Storage;

/// <summary>
/// Optional capability of a store that can take a whole local file as an object without copying its bytes
/// (the filesystem store links it into place). Write-once like every write: an existing key is refused.
/// Callers detect it with <c>is</c> and otherwise stream the file through <see cref="IObjectStore.OpenWriteAsync"/>.
/// </summary>
public interface IFileImport
{
    /// <summary>Moves <paramref name="localPath"/> (already flushed to disk) into the store as <paramref name="key"/>.</summary>
    /// <exception cref="ObjectAlreadyExistsException">the key already holds an object; the local file is left as it was</exception>
    Task<ObjectInfo> ImportFileAsync(string localPath, string key, CancellationToken cancellationToken);
}
