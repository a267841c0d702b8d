using System.ComponentModel.DataAnnotations;

namespace Cameras.Evidence.Storage;

/// <summary>How the store signs in to Azure Blob.</summary>
public enum AzureBlobCredential
{
    /// <summary>The account name and key (Shared Key authorization).</summary>
    SharedKey,

    /// <summary>A shared access signature issued by the account's administrator.</summary>
    Sas,

    /// <summary>Microsoft Entra ID through Azure.Identity's DefaultAzureCredential: the managed identity in a real
    /// deployment (or workload identity, environment variables, a developer's az login).</summary>
    Entra,
}

/// <summary>Which immutability (WORM) the container has, and so what the store asks of it.</summary>
public enum AzureBlobImmutability
{
    /// <summary>None: the catalog's rules are the only guard.</summary>
    None,

    /// <summary>A container-level time-based retention policy (set by the account's administrator through Azure
    /// Resource Manager): every blob is undeletable for the policy's interval; nothing is sent per blob.</summary>
    Container,

    /// <summary>Version-level immutability: each original gets a locked immutability policy until its deletion date,
    /// and catalog legal holds are legal holds on the blob (as S3 Object Lock in compliance mode).</summary>
    Version,
}

public sealed class AzureBlobStorageOptions
{
    /// <summary>
    /// The Blob service endpoint: <c>https://ACCOUNT.blob.core.windows.net</c>, or Azurite's
    /// <c>http://127.0.0.1:10000/devstoreaccount1</c>.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>How to sign in; when unset: <c>Sas</c> if a signature is given, else <c>SharedKey</c> if a key is, else <c>Entra</c>.</summary>
    public AzureBlobCredential? Credential { get; set; }

    public string? Account { get; set; }

    /// <summary>The account key (base64), for Shared Key authorization.</summary>
    public string? Key { get; set; }

    /// <summary>A shared access signature (the query string, with or without '?').</summary>
    public string? Sas { get; set; }

    /// <summary>With <c>Entra</c>: the client id of a user-assigned managed identity (empty: the system-assigned one).</summary>
    public string? ClientId { get; set; }

    public string Container { get; set; } = "cameras";

    /// <summary>Size of each staged block of a block blob, and so the memory one write holds at most.</summary>
    [Range(1024 * 1024, 100 * 1024 * 1024)]
    public int BlockSize { get; set; } = 8 * 1024 * 1024;

    public AzureBlobImmutability Immutability { get; set; } = AzureBlobImmutability.None;

    /// <summary>The credential in force: the one named, or the one the other settings imply.</summary>
    public AzureBlobCredential EffectiveCredential => Credential
        ?? (!string.IsNullOrEmpty(Sas) ? AzureBlobCredential.Sas
            : !string.IsNullOrEmpty(Key) ? AzureBlobCredential.SharedKey : AzureBlobCredential.Entra);

    /// <summary>What is wrong with these settings, naming the setting to fix; null when they hold together.</summary>
    public string? Problem()
    {
        const string at = "Cameras:Storage:AzureBlob";
        if (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            return $"{at}:ServiceUrl must be the Blob service's URL (https://ACCOUNT.blob.core.windows.net) when Cameras:Storage:Kind is AzureBlob.";
        if (BlockSize is < 1024 * 1024 or > 100 * 1024 * 1024)
            return $"{at}:BlockSize must be between 1 MiB and 100 MiB (bytes).";
        return EffectiveCredential switch
        {
            AzureBlobCredential.SharedKey when string.IsNullOrEmpty(Account) || !IsBase64(Key) =>
                $"{at}:Credential SharedKey needs {at}:Account and {at}:Key (the account key, base64).",
            AzureBlobCredential.Sas when string.IsNullOrEmpty(Sas) => $"{at}:Credential Sas needs {at}:Sas (the signature's query string).",
            AzureBlobCredential.Entra when url.Scheme != "https" =>
                $"{at}:Credential Entra sends bearer tokens, which Azure accepts over https only: {at}:ServiceUrl must be https.",
            _ => null,
        };
    }

    private static bool IsBase64(string? value) =>
        !string.IsNullOrEmpty(value) && Convert.TryFromBase64String(value, new byte[value.Length], out _);
}
