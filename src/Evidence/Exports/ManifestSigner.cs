using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Exports;

/// <summary>
/// Signs manifest.json as a detached CMS SignedData (DER) carrying the signing certificate and its chain, so
/// <c>openssl cms -verify</c> checks it with nothing but the authority's root. With a TSA configured, an RFC 3161
/// timestamp of the signature is added as an unsigned attribute (id-aa-signatureTimeStampToken).
/// </summary>
public sealed class ManifestSigner(ExportAuthority authority, IOptions<ExportOptions> options, TimeProvider clock)
{
    public const string TimestampTokenOid = "1.2.840.113549.1.9.16.2.14";

    public async Task<byte[]> SignAsync(byte[] manifest, CancellationToken cancellationToken)
    {
        var cms = new SignedCms(new ContentInfo(manifest), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, authority.Signer)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        // The chain is added explicitly: the root is not in the machine's trust store, so chain building would stop short.
        signer.Certificates.AddRange(authority.Chain);
        signer.SignedAttributes.Add(new Pkcs9SigningTime(clock.GetUtcNow().UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        if (options.Value.TsaUrl is { Length: > 0 } tsa)
        {
            var token = await TimestampAsync(new Uri(tsa), cms.SignerInfos[0], cancellationToken);
            cms.SignerInfos[0].AddUnsignedAttribute(new AsnEncodedData(new Oid(TimestampTokenOid), token));
        }
        return cms.Encode();
    }

    private async Task<byte[]> TimestampAsync(Uri tsa, SignerInfo signerInfo, CancellationToken cancellationToken)
    {
        var request = Rfc3161TimestampRequest.CreateFromSignerInfo(signerInfo, HashAlgorithmName.SHA256,
            requestSignerCertificates: true, nonce: RandomNumberGenerator.GetBytes(8));
        // Rare (one call per export): a short-lived client is simpler than sharing one.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await client.PostAsync(tsa, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The timestamp authority {tsa} answered {(int)response.StatusCode}.");
        var token = request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(cancellationToken), out _);
        return token.AsSignedCms().Encode();
    }
}
