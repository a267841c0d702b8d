using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Cameras.Ingest.Offloads;

/// <summary>
/// Signs and verifies receipts: ECDSA P-256 with SHA-256 over <see cref="CanonicalJson"/> of the "receipt" member,
/// the signature DER-encoded in Base64 (what <c>openssl dgst -sha256 -verify</c> reads).
/// </summary>
public static class ReceiptSignature
{
    public const string Algorithm = "ES256";

    public static JsonObject Sign(JsonObject receipt, ECDsa key, string keyId) => new()
    {
        ["receipt"] = receipt,
        ["signature"] = new JsonObject
        {
            ["alg"] = Algorithm,
            ["kid"] = keyId,
            ["value"] = Convert.ToBase64String(key.SignData(CanonicalJson.Serialize(receipt), HashAlgorithmName.SHA256,
                DSASignatureFormat.Rfc3279DerSequence)),
        },
    };

    /// <summary>True when <paramref name="signed"/>'s signature is valid for <paramref name="publicKey"/>.</summary>
    public static bool Verify(JsonObject signed, ECDsa publicKey)
    {
        if (signed["receipt"] is not JsonObject receipt || signed["signature"]?["value"]?.GetValue<string>() is not { } value) return false;
        if (signed["signature"]?["alg"]?.GetValue<string>() != Algorithm) return false;
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return false;
        }
        return publicKey.VerifyData(CanonicalJson.Serialize(receipt), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
