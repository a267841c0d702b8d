using Cameras.Evidence.Storage;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// A recording's original as a file ffmpeg can seek in: the store's own file when it keeps objects on this
/// machine, otherwise a scratch copy, deleted when this is disposed.
/// </summary>
public sealed class OriginalFile : IAsyncDisposable
{
    private readonly bool _isCopy;

    private OriginalFile(string path, bool isCopy)
    {
        Path = path;
        _isCopy = isCopy;
    }

    public string Path { get; }

    public static async Task<OriginalFile> OpenAsync(IObjectStore store, string key, string? scratchFolder, CancellationToken cancellationToken)
    {
        if (store is ILocalObjectFiles local && local.LocalPath(key) is { } path) return new OriginalFile(path, isCopy: false);
        var folder = scratchFolder ?? System.IO.Path.GetTempPath();
        Directory.CreateDirectory(folder);
        var copy = System.IO.Path.Combine(folder, "cameras-original-" + Guid.NewGuid().ToString("n"));
        await using (var source = await store.OpenReadAsync(key, 0, null, cancellationToken))
        await using (var target = File.Create(copy))
            await source.CopyToAsync(target, 1 << 20, cancellationToken);
        return new OriginalFile(copy, isCopy: true);
    }

    public ValueTask DisposeAsync()
    {
        if (_isCopy) File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}
