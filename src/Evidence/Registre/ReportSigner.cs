using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Cameras.Evidence.Exports;
using PdfSharp.Pdf.Signatures;

namespace Cameras.Evidence.Registre;

/// <summary>
/// Signs the register's PDF report with the export authority's certificate (the one magistrates and inspectors
/// already trust, <c>GET /api/authority.pem</c>): a detached CMS over the PDF's signed byte ranges, carrying the
/// certificate chain as the export manifest's signature does, so any PDF reader, <c>pdfsig</c> or
/// <c>openssl cms -verify</c> checks it against authority.pem.
/// </summary>
internal sealed class ReportSigner(ExportAuthority authority, DateTimeOffset signedAt) : IDigitalSigner
{
    // Room reserved in the PDF for the DER signature: an ECDSA signature and a three-certificate chain fit well within it.
    private const int ReservedBytes = 8 * 1024;

    public string CertificateName => authority.Signer.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);

    public Task<int> GetSignatureSizeAsync() => Task.FromResult(ReservedBytes);

    public Task<byte[]> GetSignatureAsync(Stream stream)
    {
        // PDFsharp hands over its ranged view of the file positioned at the end, and that view neither seeks (CanSeek
        // throws) nor reads asynchronously: rewind it and read it plainly.
        stream.Position = 0;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int n; (n = stream.Read(chunk, 0, chunk.Length)) > 0;) buffer.Write(chunk, 0, n);
        var cms = new SignedCms(new ContentInfo(buffer.ToArray()), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, authority.Signer)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = System.Security.Cryptography.X509Certificates.X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(authority.Chain);
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signedAt.UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return Task.FromResult(cms.Encode());
    }
}
