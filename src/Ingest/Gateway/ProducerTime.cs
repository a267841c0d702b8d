using System.Buffers.Binary;
using Cameras.Evidence.Live;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// Sets the producer reference time (prft) of a remuxed fragment to what the tiles' « délai mesuré » needs: when the
/// fragment's first picture sample reached the gateway, paired with that sample's decode time (its tfdt).
/// ffmpeg's <c>-write_prft wallclock</c> pairs its wall clock with the track's raw first dts, which still holds the
/// offset of the picture's first sample from the stream's start, which the track's edit list and tfdt remove (about
/// 2 s for a live RTMP publish read from nginx), so every delay read from it was that much too long. The arrival time is
/// the remuxer's clock when it reads the fragment less the fragment's length: ffmpeg writes a fragment once its last
/// sample is in. (The app's own capture clock is not known here; the leg from the app to the gateway is not counted.)
/// </summary>
public static class ProducerTime
{
    private const long NtpEpochOffset = 2208988800L;
    private const int Length = 32; // size, type, version 1 + flags, reference track, NTP time (8), media time (8)

    /// <summary>Rewrites the fragment's version-1 prft in place; a fragment without one is left as it is.</summary>
    public static void Stamp(byte[] fragment, DateTimeOffset arrived, InitSegment tracks, uint videoTrack)
    {
        var at = PrftOffset(fragment);
        if (at < 0 || fragment[at + 8] != 1) return;
        var info = FragmentInfo.Parse(fragment, tracks);
        var span = fragment.AsSpan(at, Length);
        if (videoTrack != 0) BinaryPrimitives.WriteUInt32BigEndian(span[12..], videoTrack);
        BinaryPrimitives.WriteUInt64BigEndian(span[16..], Ntp(arrived - TimeSpan.FromSeconds(info.Seconds)));
        BinaryPrimitives.WriteUInt64BigEndian(span[24..], (ulong)info.DecodeTime);
    }

    public static ulong Ntp(DateTimeOffset time)
    {
        var ms = time.ToUnixTimeMilliseconds();
        var seconds = (ulong)(ms / 1000 + NtpEpochOffset);
        var fraction = (ulong)(ms % 1000 * 4294967296L / 1000);
        return seconds << 32 | fraction;
    }

    // ffmpeg writes the prft right before the moof: the first top-level box of a fragment, 32 bytes.
    private static int PrftOffset(byte[] fragment)
    {
        for (var at = 0; at + 8 <= fragment.Length;)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(fragment.AsSpan(at));
            if (size < 8 || at + size > fragment.Length) return -1;
            if (fragment.AsSpan(at + 4, 4).SequenceEqual("prft"u8)) return size == Length ? at : -1;
            if (fragment.AsSpan(at + 4, 4).SequenceEqual("moof"u8)) return -1;
            at += (int)size;
        }
        return -1;
    }
}
