using Cameras.Evidence;
using Microsoft.AspNetCore.Http;

namespace Cameras.Ingest;

/// <summary>The errors dock uploads can answer with (tus 1.0 status codes), as problem+json.</summary>
public static class IngestErrors
{
    public static readonly ErrorDescriptor BadRequest = new("tus-bad-request", StatusCodes.Status400BadRequest, "Invalid tus request");
    public static readonly ErrorDescriptor BadMetadata = new("tus-bad-metadata", StatusCodes.Status400BadRequest, "Invalid Upload-Metadata");
    public static readonly ErrorDescriptor BadChecksum = new("tus-bad-checksum", StatusCodes.Status400BadRequest, "Invalid Upload-Checksum");
    public static readonly ErrorDescriptor Forbidden = new("tus-forbidden", StatusCodes.Status403Forbidden, "Not allowed on this upload");
    public static readonly ErrorDescriptor UploadNotFound = new("upload-not-found", StatusCodes.Status404NotFound, "No such upload");
    public static readonly ErrorDescriptor OffsetMismatch = new("tus-offset-mismatch", StatusCodes.Status409Conflict, "Upload-Offset does not match");
    public static readonly ErrorDescriptor UploadExpired = new("upload-expired", StatusCodes.Status410Gone, "Upload expired");
    public static readonly ErrorDescriptor UnsupportedVersion = new("tus-unsupported-version", StatusCodes.Status412PreconditionFailed, "Unsupported tus version");
    public static readonly ErrorDescriptor TooLarge = new("tus-too-large", StatusCodes.Status413PayloadTooLarge, "Upload too large");
    public static readonly ErrorDescriptor WrongContentType = new("tus-content-type", StatusCodes.Status415UnsupportedMediaType, "PATCH needs Content-Type: application/offset+octet-stream");
    public static readonly ErrorDescriptor Locked = new("upload-locked", StatusCodes.Status423Locked, "Upload busy");
    public static readonly ErrorDescriptor ChecksumMismatch = new("tus-checksum-mismatch", 460, "Checksum mismatch");
    public static readonly ErrorDescriptor OffloadNotFound = new("offload-not-found", StatusCodes.Status404NotFound, "No such offload");
    public static readonly ErrorDescriptor OffloadIncomplete = new("offload-incomplete", StatusCodes.Status409Conflict, "Offload not complete yet");
    public static readonly ErrorDescriptor OffloadQuarantined = new("offload-quarantined", StatusCodes.Status409Conflict, "Files of this offload failed verification");
}
