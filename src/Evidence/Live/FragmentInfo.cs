using System.Buffers.Binary;

namespace Cameras.Evidence.Live;

/// <summary>
/// What the relay needs to know of one fMP4 fragment (moof+mdat): whether it starts with a keyframe (a viewer
/// may join or resume there), its decode time and duration in the track's timescale, and the producer's
/// wall-clock time (prft) when the pusher wrote one, from which viewers measure their delay.
/// </summary>
public sealed record FragmentInfo(bool Keyframe, long DecodeTime, long Duration, DateTimeOffset? ProducedAt)
{
    private const uint NonSyncSample = 0x00010000;

    /// <summary>Reads the boxes of one fragment; a fragment without a readable moof counts as a keyframe of no length.</summary>
    public static FragmentInfo Parse(ReadOnlyMemory<byte> fragment)
    {
        DateTimeOffset? produced = null;
        foreach (var (type, body) in IsoBox.Children(fragment))
        {
            if (type == "prft") produced = ProducerTime(body.Span);
            if (type != "moof") continue;
            var traf = IsoBox.Child(body, "traf");
            if (traf is null) break;
            return FromTraf(traf.Value, produced);
        }
        return new FragmentInfo(true, 0, 0, produced);
    }

    /// <summary>The summed duration of every fragment of a whole segment, in the track's timescale.</summary>
    public static long TotalDuration(ReadOnlyMemory<byte> segment)
    {
        long total = 0;
        foreach (var (type, body) in IsoBox.Children(segment))
            if (type == "moof" && IsoBox.Child(body, "traf") is { } traf) total += FromTraf(traf, null).Duration;
        return total;
    }

    private static FragmentInfo FromTraf(ReadOnlyMemory<byte> traf, DateTimeOffset? produced)
    {
        uint defaultDuration = 0, defaultFlags = 0;
        if (IsoBox.Child(traf, "tfhd") is { } tfhd)
        {
            var s = tfhd.Span;
            var flags = BinaryPrimitives.ReadUInt32BigEndian(s) & 0xFFFFFF;
            var at = 8; // version+flags, track id
            if ((flags & 0x01) != 0) at += 8;
            if ((flags & 0x02) != 0) at += 4;
            if ((flags & 0x08) != 0) { defaultDuration = BinaryPrimitives.ReadUInt32BigEndian(s[at..]); at += 4; }
            if ((flags & 0x10) != 0) at += 4;
            if ((flags & 0x20) != 0) defaultFlags = BinaryPrimitives.ReadUInt32BigEndian(s[at..]);
        }
        long decodeTime = 0;
        if (IsoBox.Child(traf, "tfdt") is { } tfdt)
        {
            var s = tfdt.Span;
            decodeTime = s[0] == 1 ? (long)BinaryPrimitives.ReadUInt64BigEndian(s[4..]) : BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
        }
        if (IsoBox.Child(traf, "trun") is not { } trun) return new FragmentInfo(true, decodeTime, 0, produced);
        var (keyframe, duration) = ReadTrun(trun.Span, defaultDuration, defaultFlags);
        return new FragmentInfo(keyframe, decodeTime, duration, produced);
    }

    private static (bool Keyframe, long Duration) ReadTrun(ReadOnlySpan<byte> s, uint defaultDuration, uint defaultFlags)
    {
        var flags = BinaryPrimitives.ReadUInt32BigEndian(s) & 0xFFFFFF;
        var count = BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
        var at = 8;
        if ((flags & 0x01) != 0) at += 4;
        uint? firstFlags = null;
        if ((flags & 0x04) != 0) { firstFlags = BinaryPrimitives.ReadUInt32BigEndian(s[at..]); at += 4; }
        long duration = 0;
        uint? sampleFlags0 = null;
        var perSample = ((flags & 0x100) != 0 ? 4 : 0) + ((flags & 0x200) != 0 ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
        if (perSample > 0) count = (uint)Math.Min(count, (s.Length - at) / perSample);
        for (var i = 0; i < count; i++)
        {
            if ((flags & 0x100) != 0) { duration += BinaryPrimitives.ReadUInt32BigEndian(s[at..]); at += 4; }
            else duration += defaultDuration;
            if ((flags & 0x200) != 0) at += 4;
            if ((flags & 0x400) != 0) { if (i == 0) sampleFlags0 = BinaryPrimitives.ReadUInt32BigEndian(s[at..]); at += 4; }
            if ((flags & 0x800) != 0) at += 4;
        }
        var first = firstFlags ?? sampleFlags0 ?? defaultFlags;
        return ((first & NonSyncSample) == 0, duration);
    }

    private static DateTimeOffset? ProducerTime(ReadOnlySpan<byte> s)
    {
        if (s.Length < 16) return null;
        // version+flags (4), reference track (4), NTP time (8): seconds since 1900 and a 32-bit fraction.
        var ntp = BinaryPrimitives.ReadUInt64BigEndian(s[8..]);
        var seconds = (long)(ntp >> 32) - 2208988800L;
        var fraction = (ntp & 0xFFFFFFFF) / 4294967296.0;
        if (seconds <= 0) return null;
        return DateTimeOffset.FromUnixTimeMilliseconds(seconds * 1000 + (long)(fraction * 1000));
    }

    /// <summary>The media timescale of the first video track of an init segment (moov), or null.</summary>
    public static int? Timescale(ReadOnlyMemory<byte> init)
    {
        foreach (var (type, moov) in IsoBox.Children(init))
        {
            if (type != "moov") continue;
            int? first = null;
            foreach (var (t, trak) in IsoBox.Children(moov))
            {
                if (t != "trak" || IsoBox.Child(trak, "mdia") is not { } mdia || IsoBox.Child(mdia, "mdhd") is not { } mdhd) continue;
                var s = mdhd.Span;
                var scale = (int)BinaryPrimitives.ReadUInt32BigEndian(s[(s[0] == 1 ? 20 : 12)..]);
                first ??= scale;
                if (IsoBox.Child(mdia, "hdlr") is { } hdlr && hdlr.Length >= 12 && hdlr.Span.Slice(8, 4).SequenceEqual("vide"u8)) return scale;
            }
            return first;
        }
        return null;
    }
}
