namespace Cameras.Ingest.Tus;

/// <summary>tus 1.0.0 header names and the values this server advertises.</summary>
public static class TusHeaders
{
    public const string Resumable = "Tus-Resumable";
    public const string Version = "Tus-Version";
    public const string Extension = "Tus-Extension";
    public const string MaxSize = "Tus-Max-Size";
    public const string ChecksumAlgorithm = "Tus-Checksum-Algorithm";
    public const string UploadOffset = "Upload-Offset";
    public const string UploadLength = "Upload-Length";
    public const string UploadDeferLength = "Upload-Defer-Length";
    public const string UploadMetadata = "Upload-Metadata";
    public const string UploadExpires = "Upload-Expires";
    public const string UploadChecksum = "Upload-Checksum";
    public const string UploadConcat = "Upload-Concat";
    public const string OffsetContentType = "application/offset+octet-stream";

    /// <summary>Not tus: set on the response that completes an upload and on HEAD afterwards.</summary>
    public const string Recording = "Cameras-Recording";
    public const string Quarantine = "Cameras-Quarantine";

    public const string SupportedVersion = "1.0.0";
    public const string Extensions =
        "creation,creation-with-upload,creation-defer-length,expiration,checksum,termination,concatenation";
    public const string Algorithms = "sha256,sha1";

    public static readonly string[] Exposed =
    [
        UploadOffset, "Location", UploadLength, Version, Resumable, MaxSize, Extension, UploadMetadata,
        UploadDeferLength, UploadConcat, UploadExpires, Recording, Quarantine,
    ];
}
