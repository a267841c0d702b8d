using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// A signed tree head, as a text note (after C2SP signed-note/checkpoint). The signed body is four lines, each
/// ending in a newline: the origin, the tree size in decimal, the root hash in standard base64, the issue time
/// (UTC, <c>yyyy-MM-ddTHH:mm:ssZ</c>). Then an empty line and one signature line
/// <c>— KEYID BASE64</c>: an ECDSA P-256 / SHA-256 signature (DER, RFC 3279) over the body's UTF-8 bytes, made
/// with the instance's ledger key, whose id is the first 16 hex digits of SHA-256 of its public key (SPKI DER).
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, DateTimeOffset IssuedAt, string KeyId, byte[] Signature)
{
    private const string SignaturePrefix = "\u2014 ";

    public string Body =>
        $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n" +
        $"{IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\n";

    public string Note => $"{Body}\n{SignaturePrefix}{KeyId} {Convert.ToBase64String(Signature)}\n";

    public static Checkpoint Sign(string origin, long size, byte[] rootHash, DateTimeOffset issuedAt, ECDsa key, string keyId)
    {
        var unsigned = new Checkpoint(origin, size, rootHash,
            DateTimeOffset.FromUnixTimeSeconds(issuedAt.ToUnixTimeSeconds()), keyId, []);
        var signature = key.SignData(Encoding.UTF8.GetBytes(unsigned.Body), HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
        return unsigned with { Signature = signature };
    }

    /// <summary>True when the signature is valid for <paramref name="publicKey"/>.</summary>
    public bool IsSignedBy(ECDsa publicKey) =>
        publicKey.VerifyData(Encoding.UTF8.GetBytes(Body), Signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Reads a note; null when it is not one (a tampered note may be anything).</summary>
    public static Checkpoint? Parse(string note)
    {
        var lines = note.Split('\n');
        if (lines.Length != 7 || lines[4] != "" || lines[6] != "" || !lines[5].StartsWith(SignaturePrefix, StringComparison.Ordinal))
            return null;
        var signature = lines[5][SignaturePrefix.Length..].Split(' ');
        try
        {
            var parsed = new Checkpoint(lines[0], long.Parse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture),
                Convert.FromBase64String(lines[2]),
                DateTimeOffset.ParseExact(lines[3], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                signature[0], Convert.FromBase64String(signature.Length == 2 ? signature[1] : ""));
            return parsed.Note == note && parsed.RootHash.Length == MerkleHasher.HashSize ? parsed : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static string ObjectKey(long size) => $"ledger/checkpoints/{size:D20}";
}
