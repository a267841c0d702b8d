using System.Buffers.Binary;
using Cameras.Evidence.Live;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// Which fragments of a muxed (video + audio) fMP4 stream start with a video keyframe, where a media segment may begin.
/// The video track is found in the init segment (handler <c>vide</c>); a fragment's video run is read from its traf
/// for that track (first-sample flags, else the sample's own, else tfhd's or trex's defaults).
/// </summary>
public sealed class VideoKeyframes
{
    private const uint NonSync = 0x00010000;
    private readonly uint _track;
    private readonly uint _defaultFlags;

    public VideoKeyframes(ReadOnlyMemory<byte> init)
    {
        foreach (var (type, moov) in IsoBox.Children(init))
        {
            if (type != "moov") continue;
            foreach (var (t, trak) in IsoBox.Children(moov))
            {
                if (t != "trak" || IsoBox.Child(trak, "mdia") is not { } mdia || IsoBox.Child(mdia, "hdlr") is not { } hdlr) continue;
                if (hdlr.Length < 12 || !hdlr.Span.Slice(8, 4).SequenceEqual("vide"u8) || IsoBox.Child(trak, "tkhd") is not { } tkhd) continue;
                var s = tkhd.Span;
                _track = BinaryPrimitives.ReadUInt32BigEndian(s[(s[0] == 1 ? 20 : 12)..]);
            }
            if (IsoBox.Child(moov, "mvex") is { } mvex)
                foreach (var (t, trex) in IsoBox.Children(mvex))
                    if (t == "trex" && BinaryPrimitives.ReadUInt32BigEndian(trex.Span[4..]) == _track)
                        _defaultFlags = BinaryPrimitives.ReadUInt32BigEndian(trex.Span[16..]);
        }
        HasVideo = _track != 0;
    }

    public bool HasVideo { get; }

    /// <summary>The picture's track id; 0 without one.</summary>
    public uint Track => _track;

    /// <summary>Whether this fragment's video samples start with a keyframe; false when it holds no video.</summary>
    public bool StartsWithKeyframe(ReadOnlyMemory<byte> fragment)
    {
        foreach (var (type, moof) in IsoBox.Children(fragment))
        {
            if (type != "moof") continue;
            foreach (var (t, traf) in IsoBox.Children(moof))
            {
                if (t != "traf" || IsoBox.Child(traf, "tfhd") is not { } tfhd) continue;
                var h = tfhd.Span;
                if (BinaryPrimitives.ReadUInt32BigEndian(h[4..]) != _track) continue;
                var flags = _defaultFlags;
                var tf = BinaryPrimitives.ReadUInt32BigEndian(h) & 0xFFFFFF;
                var at = 8 + ((tf & 0x01) != 0 ? 8 : 0) + ((tf & 0x02) != 0 ? 4 : 0) + ((tf & 0x08) != 0 ? 4 : 0) + ((tf & 0x10) != 0 ? 4 : 0);
                if ((tf & 0x20) != 0) flags = BinaryPrimitives.ReadUInt32BigEndian(h[at..]);
                if (IsoBox.Child(traf, "trun") is not { } trun) return false;
                return (FirstSampleFlags(trun.Span, flags) & NonSync) == 0;
            }
        }
        return false;
    }

    private static uint FirstSampleFlags(ReadOnlySpan<byte> trun, uint defaultFlags)
    {
        var flags = BinaryPrimitives.ReadUInt32BigEndian(trun) & 0xFFFFFF;
        if (BinaryPrimitives.ReadUInt32BigEndian(trun[4..]) == 0) return NonSync;
        var at = 8 + ((flags & 0x01) != 0 ? 4 : 0);
        if ((flags & 0x04) != 0) return BinaryPrimitives.ReadUInt32BigEndian(trun[at..]);
        if ((flags & 0x400) == 0) return defaultFlags;
        at += ((flags & 0x100) != 0 ? 4 : 0) + ((flags & 0x200) != 0 ? 4 : 0);
        return BinaryPrimitives.ReadUInt32BigEndian(trun[at..]);
    }
}
