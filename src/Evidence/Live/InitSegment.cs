using System.Buffers.Binary;

namespace Cameras.Evidence.Live;

/// <summary>
/// What an init segment (ftyp+moov) says about its tracks: for each picture or sound track its id, kind, timescale and
/// RFC 6381 codec string read from the real sample entry (<c>avc1.PPCCLL</c> from avcC, <c>mp4a.40.N</c> from esds,
/// <c>opus</c>…), from which the relay builds the Media Source Extensions type and the HLS <c>CODECS</c> attribute.
/// Bytes that are not a readable moov give no tracks; parsing never throws on what a pusher sends.
/// </summary>
public sealed record InitSegment(IReadOnlyList<InitSegment.Track> Tracks)
{
    public static readonly InitSegment Empty = new([]);

    /// <summary>One track: <paramref name="Kind"/> is <c>video</c> or <c>audio</c>.</summary>
    public sealed record Track(uint Id, string Kind, int Timescale, string Codec)
    {
        /// <summary>The codec without its profile and level (avc1, hvc1, mp4a.40.2, opus): what may not change mid-feed.</summary>
        public string Family => Codec.StartsWith("mp4a.", StringComparison.Ordinal) || !Codec.Contains('.') ? Codec : Codec[..Codec.IndexOf('.')];
    }

    public bool HasVideo => Tracks.Any(t => t.Kind == "video");

    public bool HasAudio => Tracks.Any(t => t.Kind == "audio");

    /// <summary>The codec strings, picture first: <c>avc1.64001e,mp4a.40.2</c>.</summary>
    public string Codecs => string.Join(",", Tracks.OrderBy(t => t.Kind == "video" ? 0 : 1).Select(t => t.Codec));

    /// <summary>The families, picture first, to tell whether a new init changes what a viewer's decoder was set up for.</summary>
    public string Families => string.Join(",", Tracks.OrderBy(t => t.Kind == "video" ? 0 : 1).Select(t => t.Family));

    /// <summary>The type a browser's <c>MediaSource.addSourceBuffer</c> takes.</summary>
    public string MimeType => $"{(HasVideo || !HasAudio ? "video" : "audio")}/mp4; codecs=\"{Codecs}\"";

    public Track? Find(uint id) => Tracks.FirstOrDefault(t => t.Id == id);

    public static InitSegment Parse(ReadOnlyMemory<byte> init)
    {
        try
        {
            if (IsoBox.Child(init, "moov") is not { } moov) return Empty;
            var tracks = new List<Track>();
            foreach (var (type, trak) in IsoBox.Children(moov))
                if (type == "trak" && ReadTrack(trak) is { } track) tracks.Add(track);
            return new InitSegment(tracks);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            return Empty;
        }
    }

    private static Track? ReadTrack(ReadOnlyMemory<byte> trak)
    {
        if (IsoBox.Child(trak, "tkhd") is not { } tkhd || IsoBox.Child(trak, "mdia") is not { } mdia) return null;
        var t = tkhd.Span;
        var id = BinaryPrimitives.ReadUInt32BigEndian(t[(t[0] == 1 ? 20 : 12)..]);
        if (IsoBox.Child(mdia, "hdlr") is not { Length: >= 12 } hdlr || IsoBox.Child(mdia, "mdhd") is not { } mdhd) return null;
        var kind = hdlr.Span.Slice(8, 4) switch
        {
            var h when h.SequenceEqual("vide"u8) => "video",
            var h when h.SequenceEqual("soun"u8) => "audio",
            _ => null,
        };
        if (kind is null) return null;
        var m = mdhd.Span;
        var timescale = (int)BinaryPrimitives.ReadUInt32BigEndian(m[(m[0] == 1 ? 20 : 12)..]);
        if (IsoBox.Child(mdia, "minf") is not { } minf || IsoBox.Child(minf, "stbl") is not { } stbl
            || IsoBox.Child(stbl, "stsd") is not { Length: > 8 } stsd) return null;
        var (entryType, entry) = IsoBox.Children(stsd[8..]).FirstOrDefault();
        if (entryType is null) return null;
        return new Track(id, kind, timescale, SampleEntryCodecs.Codec(entryType, entry));
    }
}
