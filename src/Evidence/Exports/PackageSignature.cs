using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Cameras.Evidence.Exports;

/// <summary>Checks manifest.json.p7s: the signature over manifest.json, the chain to the authority, the optional timestamp.</summary>
internal static class PackageSignature
{
    public static void Check(byte[] manifest, byte[] signature, X509Certificate2Collection? trusted, List<string> problems, List<string> notes)
    {
        var cms = new SignedCms(new ContentInfo(manifest), detached: true);
        try
        {
            cms.Decode(signature);
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException e)
        {
            problems.Add($"signature: manifest.json.p7s does not sign this manifest.json ({e.Message.TrimEnd('.')}).");
            return;
        }
        var signerInfo = cms.SignerInfos[0];
        var signer = signerInfo.Certificate!;
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.ExtraStore.AddRange(cms.Certificates);
        // Without --ca the embedded root is taken as given, and its fingerprint shown so it can be compared by hand.
        var roots = trusted ?? new X509Certificate2Collection(cms.Certificates.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).ToArray());
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        if (SigningTime(signerInfo) is { } signedAt) chain.ChainPolicy.VerificationTime = signedAt;
        if (!chain.Build(signer))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
            problems.Add(trusted is null
                ? $"signature: the signing certificate does not chain to the root it carries ({status})."
                : $"signature: the signing certificate does not chain to the authority given with --ca ({status}).");
            return;
        }
        var root = chain.ChainElements[^1].Certificate;
        var fingerprint = Convert.ToHexString(SHA256.HashData(root.RawData));
        notes.Add($"signature: valid, by \"{signer.Subject}\", chain to root \"{root.Subject}\" SHA-256 {fingerprint}"
            + (trusted is null ? " (not compared with a trusted authority: give --ca authority.pem)." : " (the authority given with --ca)."));
        CheckTimestamp(signerInfo, problems, notes);
    }

    private static DateTime? SigningTime(SignerInfo signerInfo) =>
        signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().SelectMany(a => a.Values.Cast<AsnEncodedData>())
            .OfType<Pkcs9SigningTime>().Select(t => (DateTime?)t.SigningTime).FirstOrDefault();

    private static void CheckTimestamp(SignerInfo signerInfo, List<string> problems, List<string> notes)
    {
        foreach (CryptographicAttributeObject attribute in signerInfo.UnsignedAttributes)
        {
            if (attribute.Oid.Value != ManifestSigner.TimestampTokenOid) continue;
            foreach (var value in attribute.Values)
            {
                if (!Rfc3161TimestampToken.TryDecode(value.RawData, out var token, out _)
                    || !token.VerifySignatureForSignerInfo(signerInfo, out var tsa))
                {
                    problems.Add("timestamp: the RFC 3161 timestamp does not match the signature.");
                    continue;
                }
                notes.Add($"timestamp: valid, {token.TokenInfo.Timestamp:yyyy-MM-dd'T'HH:mm:ss'Z'} by \"{tsa!.Subject}\".");
            }
        }
    }
}
