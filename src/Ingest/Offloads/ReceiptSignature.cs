using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cameras.Evidence.Ledger;

namespace Cameras.Ingest.Offloads;

/// <summary>
/// Signs and verifies receipts: ECDSA P-256 with SHA-256 over the UTF-8 of the "receipt" member in the ledger's canonical
/// JSON (<see cref="CanonicalJson"/>: RFC 8785 for the values receipts hold, what JSON.stringify gives with sorted keys),
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
            ["value"] = Convert.ToBase64String(key.SignData(SignedBytes(receipt), HashAlgorithmName.SHA256,
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
        byte[] signedBytes;
        try
        {
            signedBytes = SignedBytes(receipt);
        }
        catch (ArgumentException)
        {
            return false; // a value no receipt holds (a fraction): not one we signed
        }
        return publicKey.VerifyData(signedBytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static byte[] SignedBytes(JsonObject receipt) => Encoding.UTF8.GetBytes(CanonicalJson.Serialize(receipt));
}
