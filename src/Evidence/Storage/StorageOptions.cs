using System.ComponentModel.DataAnnotations;

namespace Cameras.Evidence.Storage;

public enum StorageKind { Filesystem, S3, AzureBlob }

public sealed class StorageOptions
{
    public StorageKind Kind { get; set; } = StorageKind.Filesystem;

    /// <summary>Root of the filesystem store; defaults to <c>{Data}/objects</c>.</summary>
    public string? Path { get; set; }

    public S3StorageOptions S3 { get; set; } = new();

    public AzureBlobStorageOptions AzureBlob { get; set; } = new();
}

public sealed class S3StorageOptions
{
    /// <summary>Endpoint of an S3-compatible service (MinIO, Ceph, OVH…); empty means AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string Bucket { get; set; } = "cameras";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing: what MinIO and most self-hosted stores expect.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Size of each multipart part, and so the memory one write holds at most.</summary>
    [Range(5 * 1024 * 1024, 512 * 1024 * 1024)]
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>The bucket has Object Lock: originals are locked in compliance mode until their deletion date.</summary>
    public bool ObjectLock { get; set; }

    /// <summary>Server-side encryption asked for on every write: empty (the bucket's default), <c>AES256</c> or <c>aws:kms</c>.</summary>
    public string? ServerSideEncryption { get; set; }

    /// <summary>The KMS key for <c>aws:kms</c> encryption; empty means the account's default key.</summary>
    public string? KmsKeyId { get; set; }
}
