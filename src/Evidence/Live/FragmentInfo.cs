using System.Buffers.Binary;

namespace Cameras.Evidence.Live;

/// <summary>
/// What the relay needs to know of one fMP4 fragment (moof+mdat): whether a viewer may join or resume there (a picture
/// keyframe; sound alone when the feed has no picture), its decode time and duration in its track's timescale, its
/// length in seconds, and the producer's wall-clock time (prft) when the pusher wrote one, from which viewers measure
/// their delay. With several tracks in one moof (muxed picture and sound), the picture's traf speaks for the fragment.
/// </summary>
public sealed record FragmentInfo(bool Keyframe, long DecodeTime, long Duration, DateTimeOffset? ProducedAt, bool HasVideo = true, double Seconds = 0)
{
    private const uint NonSyncSample = 0x00010000;
    private const int DefaultTimescale = 90000;

    private readonly record struct Traf(uint Track, bool Keyframe, long DecodeTime, long Duration);

    /// <summary>Reads the boxes of one fragment; a fragment without a readable moof counts as a keyframe of no length.
    /// <paramref name="init"/> tells which track is which (without it, the first traf is taken as the picture).</summary>
    public static FragmentInfo Parse(ReadOnlyMemory<byte> fragment, InitSegment? init = null)
    {
        DateTimeOffset? produced = null;
        foreach (var (type, body) in IsoBox.Children(fragment))
        {
            if (type == "prft") produced = ProducerTime(body.Span);
            if (type != "moof") continue;
            try
            {
                return FromMoof(body, init, produced) ?? new FragmentInfo(true, 0, 0, produced);
            }
            catch (ArgumentOutOfRangeException)
            {
                // A moof whose boxes are shorter than their fields say: relayed as pushed, described as nothing.
                break;
            }
        }
        return new FragmentInfo(true, 0, 0, produced);
    }

    /// <summary>The summed length in seconds of every fragment of a whole segment (its picture track's, if it has one).</summary>
    public static double TotalSeconds(ReadOnlyMemory<byte> segment, InitSegment? init = null)
    {
        double total = 0;
        try
        {
            foreach (var (type, body) in IsoBox.Children(segment))
                if (type == "moof" && FromMoof(body, init, null) is { } info) total += info.Seconds;
        }
        catch (ArgumentOutOfRangeException)
        {
        }
        return total;
    }

    private static FragmentInfo? FromMoof(ReadOnlyMemory<byte> moof, InitSegment? init, DateTimeOffset? produced)
    {
        Traf? primary = null;
        InitSegment.Track? primaryTrack = null;
        foreach (var (type, body) in IsoBox.Children(moof))
        {
            if (type != "traf") continue;
            var traf = ReadTraf(body);
            var track = init?.Find(traf.Track);
            if (primary is null || (track?.Kind == "video" && primaryTrack?.Kind != "video")) (primary, primaryTrack) = (traf, track);
        }
        if (primary is not { } p) return null;
        var video = primaryTrack is null ? init is null || init.Tracks.Count == 0 : primaryTrack.Kind == "video";
        var timescale = primaryTrack?.Timescale is > 0 and var scale ? scale : init?.Tracks.FirstOrDefault()?.Timescale ?? DefaultTimescale;
        // Every sound sample is a sync sample; joining there is right only for a feed without a picture (decided by the window).
        return new FragmentInfo(video ? p.Keyframe : true, p.DecodeTime, p.Duration, produced, video, p.Duration / (double)Math.Max(1, timescale));
    }

    private static Traf ReadTraf(ReadOnlyMemory<byte> traf)
    {
        uint track = 0, defaultDuration = 0, defaultFlags = 0;
        if (IsoBox.Child(traf, "tfhd") is { } tfhd)
        {
            var s = tfhd.Span;
            var flags = BinaryPrimitives.ReadUInt32BigEndian(s) & 0xFFFFFF;
            track = BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
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
        if (IsoBox.Child(traf, "trun") is not { } trun) return new Traf(track, true, decodeTime, 0);
        var (keyframe, duration) = ReadTrun(trun.Span, defaultDuration, defaultFlags);
        return new Traf(track, keyframe, decodeTime, duration);
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
}
