using System.Globalization;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.RegularExpressions;

namespace Cameras.Tests.Registre;

/// <summary>
/// Reads a PDF's signature as a verifier does (ISO 32000 §12.8): the /ByteRange it covers and the DER CMS in
/// /Contents, decoded over exactly those bytes.
/// </summary>
internal sealed record PdfSignature(SignedCms Cms, long CoveredBytes, long SlotBytes)
{
    public static PdfSignature Read(byte[] pdf)
    {
        var latin = Encoding.Latin1.GetString(pdf);
        var range = Regex.Match(latin, @"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]");
        Assert.True(range.Success, "the PDF has no /ByteRange: it is not signed");
        var r = Enumerable.Range(1, 4).Select(i => long.Parse(range.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        var slot = latin.Substring((int)(r[0] + r[1]), (int)(r[2] - r[0] - r[1]));
        var der = Convert.FromHexString(slot.Trim().Trim('<', '>'));
        var covered = pdf.AsSpan((int)r[0], (int)r[1]).ToArray().Concat(pdf.AsSpan((int)r[2], (int)r[3]).ToArray()).ToArray();
        var cms = new SignedCms(new ContentInfo(covered), detached: true);
        cms.Decode(Trim(der));
        return new PdfSignature(cms, r[1] + r[3], r[2] - r[1]);
    }

    /// <summary>The slot is padded with zeros after the DER: keep the DER's own length (its outer TLV).</summary>
    private static byte[] Trim(byte[] padded)
    {
        var reader = new System.Formats.Asn1.AsnReader(padded, System.Formats.Asn1.AsnEncodingRules.BER);
        return reader.PeekEncodedValue().ToArray();
    }
}
