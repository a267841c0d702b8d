using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Cameras.Evidence.Storage;

/// <summary>Builds the container client from the settings, with the credential they choose.</summary>
public static class AzureBlobClients
{
    /// <param name="token">a token credential to use instead of DefaultAzureCredential (tests)</param>
    /// <param name="clientOptions">transport and retry settings (tests trust their own certificate through them)</param>
    public static BlobContainerClient Container(AzureBlobStorageOptions options, TokenCredential? token = null,
        BlobClientOptions? clientOptions = null)
    {
        var url = new Uri(options.ServiceUrl!.TrimEnd('/') + "/");
        clientOptions ??= new BlobClientOptions();
        var service = options.EffectiveCredential switch
        {
            AzureBlobCredential.SharedKey => new BlobServiceClient(url, new StorageSharedKeyCredential(options.Account, options.Key), clientOptions),
            AzureBlobCredential.Sas => new BlobServiceClient(url, new AzureSasCredential(options.Sas!.TrimStart('?')), clientOptions),
            _ => new BlobServiceClient(url, token ?? DefaultCredential(options), clientOptions),
        };
        return service.GetBlobContainerClient(options.Container);
    }

    /// <summary>The managed identity in a real deployment; workload identity, environment or a developer's sign-in elsewhere.</summary>
    private static DefaultAzureCredential DefaultCredential(AzureBlobStorageOptions options) =>
        new(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrEmpty(options.ClientId) ? null : options.ClientId,
            // A server never opens a browser or asks someone to sign in.
            ExcludeInteractiveBrowserCredential = true,
        });
}
