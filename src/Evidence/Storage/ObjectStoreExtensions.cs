namespace Cameras.Evidence.Storage;

public static class ObjectStoreExtensions
{
    /// <summary>Copies <paramref name="content"/> into a new object and commits it.</summary>
    public static async Task<ObjectInfo> PutAsync(this IObjectStore store, string key, Stream content, CancellationToken cancellationToken)
    {
        await using var writer = await store.OpenWriteAsync(key, cancellationToken);
        await content.CopyToAsync(writer, 1 << 20, cancellationToken);
        return await writer.CommitAsync(cancellationToken);
    }

    public static Task<ObjectInfo> PutAsync(this IObjectStore store, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        store.PutAsync(key, new MemoryStream(content.ToArray(), writable: false), cancellationToken);
}
