using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Objects as block blobs in one Azure Blob container, through Azure.Storage.Blobs: writes are staged blocks
/// committed at the end with <c>If-None-Match: *</c>, so a blob appears whole at commit and is never overwritten;
/// ranged reads stream the service's response. With version-level immutability the store locks originals until
/// their deletion date and mirrors legal holds, as the S3 store does with Object Lock.
/// </summary>
public sealed class AzureBlobObjectStore(BlobContainerClient container, AzureBlobStorageOptions options) : IObjectStore, IRetentionLock
{
    public AzureBlobObjectStore(AzureBlobStorageOptions options) : this(AzureBlobClients.Container(options), options)
    {
    }

    public async Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await Blob(key).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new ObjectInfo(key, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        var blob = Blob(key);
        if (length == 0) return Stream.Null;
        try
        {
            var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken);
            // The SDK resumes the body after a dropped connection.
            return new ResponseBodyStream(download.Value.Content, download.Value.Details.ContentLength, download.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new ObjectNotFoundException(key);
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            return Stream.Null; // a range that starts at the end: nothing to read
        }
    }

    public Task<ObjectWriter> OpenWriteAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<ObjectWriter>(new AzureBlobWriter(BlockBlob(key), key, options.BlockSize));

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            yield return new ObjectInfo(blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.LastModified ?? DateTimeOffset.UtcNow);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        await Blob(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

    /// <summary>Reads the container's properties; with immutability configured, also checks the container has it,
    /// so a deployment that expects WORM and lacks it is not ready (rather than silently unguarded).</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var properties = (await container.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        var missing = options.Immutability switch
        {
            AzureBlobImmutability.Version when !properties.HasImmutableStorageWithVersioning => "version-level immutability",
            AzureBlobImmutability.Container when properties.HasImmutabilityPolicy != true => "a container-level immutability policy",
            _ => null,
        };
        if (missing is not null)
            throw new InvalidOperationException($"Cameras:Storage:AzureBlob:Immutability is {options.Immutability}, but the container "
                + $"'{container.Name}' has no {missing}: enable it on the storage account, or change the setting.");
    }

    /// <summary>Locks the blob (a locked, time-based policy: it can be extended, never shortened or removed) with
    /// version-level immutability. With a container-level policy, the container already keeps every blob.</summary>
    public async Task LockUntilAsync(string key, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (options.Immutability != AzureBlobImmutability.Version) return;
        await Blob(key).SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy
        {
            ExpiresOn = until, PolicyMode = BlobImmutabilityPolicyMode.Locked,
        }, cancellationToken: cancellationToken);
    }

    public async Task SetLegalHoldAsync(string key, bool on, CancellationToken cancellationToken)
    {
        if (options.Immutability != AzureBlobImmutability.Version) return;
        await Blob(key).SetLegalHoldAsync(on, cancellationToken);
    }

    /// <summary>Creates the container when it is missing (development and tests; deployments provision theirs).</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    private BlobClient Blob(string key)
    {
        ObjectKeys.Validate(key);
        return container.GetBlobClient(key);
    }

    private BlockBlobClient BlockBlob(string key)
    {
        ObjectKeys.Validate(key);
        return container.GetBlockBlobClient(key);
    }
}
