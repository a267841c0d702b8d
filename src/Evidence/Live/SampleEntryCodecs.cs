using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Cameras.Evidence.Live;

/// <summary>
/// RFC 6381 codec strings from ISO BMFF sample entries, as browsers' <c>isTypeSupported</c> and HLS <c>CODECS</c> read
/// them: H.264 from avcC, HEVC from hvcC, VP9 from vpcC, AAC and other MPEG-4 audio from esds; Opus, FLAC, AC-3 and
/// E-AC-3 by their entry. An entry not listed is named by its four characters.
/// </summary>
internal static class SampleEntryCodecs
{
    // A visual sample entry's fields before its child boxes; an audio one's (version 0; QuickTime 1 and 2 add more).
    private const int VisualHeader = 78, AudioHeader = 28;

    public static string Codec(string entryType, ReadOnlyMemory<byte> entry) => entryType switch
    {
        "avc1" or "avc3" => Child(entry, VisualHeader, "avcC") is { Length: >= 4 } avcC
            ? $"{entryType}.{avcC.Span[1]:x2}{avcC.Span[2]:x2}{avcC.Span[3]:x2}" : entryType,
        "hvc1" or "hev1" => Child(entry, VisualHeader, "hvcC") is { Length: >= 13 } hvcC ? Hevc(entryType, hvcC.Span) : entryType,
        "vp09" => Child(entry, VisualHeader, "vpcC") is { Length: >= 7 } vpcC
            ? $"vp09.{vpcC.Span[4]:d2}.{vpcC.Span[5]:d2}.{vpcC.Span[6] >> 4:d2}" : "vp09",
        "mp4a" => Child(entry, AudioStart(entry.Span), "esds") is { } esds ? Mpeg4Audio(esds.Span) ?? "mp4a.40.2" : "mp4a.40.2",
        "Opus" => "opus",
        "fLaC" => "flac",
        "ac-3" or "ec-3" => entryType,
        _ => new string(entryType.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray()),
    };

    private static int AudioStart(ReadOnlySpan<byte> entry) =>
        entry.Length < 10 ? AudioHeader : BinaryPrimitives.ReadUInt16BigEndian(entry[8..]) switch { 1 => AudioHeader + 16, 2 => AudioHeader + 36, _ => AudioHeader };

    private static ReadOnlyMemory<byte>? Child(ReadOnlyMemory<byte> entry, int header, string type) =>
        entry.Length <= header ? null : IsoBox.Child(entry[header..], type);

    /// <summary><c>mp4a.OT.AOT</c>: the DecoderConfigDescriptor's object type, then for MPEG-4 audio (0x40) the audio
    /// object type from the first bits of the DecoderSpecificInfo (2 is AAC-LC, 5 HE-AAC).</summary>
    private static string? Mpeg4Audio(ReadOnlySpan<byte> esds)
    {
        var at = 4; // version and flags
        if (!Descriptor(esds, ref at, 0x03, out _)) return null;
        var flags = esds[at + 2];
        at += 3;
        if ((flags & 0x80) != 0) at += 2;
        if ((flags & 0x40) != 0) at += 1 + esds[at];
        if ((flags & 0x20) != 0) at += 2;
        if (!Descriptor(esds, ref at, 0x04, out _)) return null;
        var objectType = esds[at];
        var config = at + 13;
        if (objectType != 0x40) return $"mp4a.{objectType:X2}";
        if (!Descriptor(esds, ref config, 0x05, out var length) || length < 1) return "mp4a.40.2";
        var audioType = esds[config] >> 3;
        if (audioType == 31 && length >= 2) audioType = 32 + (((esds[config] & 0x07) << 3) | (esds[config + 1] >> 5));
        return string.Create(CultureInfo.InvariantCulture, $"mp4a.40.{audioType}");
    }

    /// <summary>Reads an MPEG-4 descriptor tag and its length (up to four 7-bit bytes); <paramref name="at"/> moves to its body.</summary>
    private static bool Descriptor(ReadOnlySpan<byte> s, ref int at, byte tag, out int length)
    {
        length = 0;
        if (at >= s.Length || s[at] != tag) return false;
        at++;
        for (var i = 0; i < 4 && at < s.Length; i++)
        {
            var b = s[at++];
            length = (length << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) return at + length <= s.Length;
        }
        return false;
    }

    /// <summary><c>hvc1.[A-C]P.COMPAT.TL.CC…</c> (ISO/IEC 14496-15 annex E): profile space and idc, the compatibility
    /// flags bit-reversed in hex, tier and level, then the constraint bytes without the trailing zero ones.</summary>
    private static string Hevc(string entryType, ReadOnlySpan<byte> c)
    {
        var space = (c[1] >> 6) switch { 1 => "A", 2 => "B", 3 => "C", _ => "" };
        var tier = (c[1] & 0x20) != 0 ? 'H' : 'L';
        var compat = BinaryPrimitives.ReadUInt32BigEndian(c[2..]);
        uint reversed = 0;
        for (var i = 0; i < 32; i++) reversed |= ((compat >> i) & 1) << (31 - i);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{entryType}.{space}{c[1] & 0x1F}.{reversed:X}.{tier}{c[12]}");
        var constraints = c.Slice(6, 6);
        var last = constraints.LastIndexOfAnyExcept((byte)0);
        for (var i = 0; i <= last; i++) text.Append(CultureInfo.InvariantCulture, $".{constraints[i]:X2}");
        return text.ToString();
    }
}
