using System.Security.Cryptography;
using Cameras.Ingest.Uploads;

namespace Cameras.Ingest.Tus;

/// <summary>Parses Upload-Checksum: "ALGORITHM BASE64DIGEST", sha256 or sha1.</summary>
public static class ChecksumHeader
{
    public static bool TryParse(string? header, out ChunkChecksum? checksum, out string error)
    {
        checksum = null;
        error = "";
        if (string.IsNullOrEmpty(header)) return true;
        var parts = header.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        HashAlgorithmName? algorithm = parts.Length == 2 ? parts[0].ToLowerInvariant() switch
        {
            "sha256" => HashAlgorithmName.SHA256,
            "sha1" => HashAlgorithmName.SHA1,
            _ => null,
        } : null;
        if (algorithm is null)
        {
            error = $"Upload-Checksum must be '<algorithm> <Base64 digest>' with an algorithm among {TusHeaders.Algorithms}.";
            return false;
        }
        var expectedLength = algorithm == HashAlgorithmName.SHA256 ? 32 : 20;
        var digest = new byte[64];
        if (!Convert.TryFromBase64String(parts[1], digest, out var n) || n != expectedLength)
        {
            error = $"The {parts[0]} digest must be {expectedLength} bytes in Base64.";
            return false;
        }
        checksum = new ChunkChecksum(algorithm.Value, digest[..n]);
        return true;
    }
}
