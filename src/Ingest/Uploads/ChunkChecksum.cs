using System.Security.Cryptography;

namespace Cameras.Ingest.Uploads;

/// <summary>An Upload-Checksum header: the algorithm and the digest the client expects for this chunk.</summary>
public sealed record ChunkChecksum(HashAlgorithmName Algorithm, byte[] Expected);
