using System.Buffers.Binary;
using Cameras.Evidence.Live;
using Cameras.Ingest.Gateway;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>The remuxer's producer time: real ffmpeg output, remuxed with the gateway's own arguments from an FLV whose
/// picture starts 2 s into the stream (as a live RTMP publish read back from nginx does), gets each fragment's prft
/// paired with that fragment's own decode time and stamped with its arrival less its length.</summary>
public sealed class ProducerTimeTests
{
    [Fact]
    public async Task Each_fragment_is_stamped_with_its_arrival_against_its_own_decode_time()
    {
        var folder = Directory.CreateTempSubdirectory("cameras-prft-").FullName;
        try
        {
            var flv = Path.Combine(folder, "in.flv");
            var encode = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error",
                "-itsoffset", "2", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "4", "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-f", "flv", flv]);
            Assert.True(encode.ExitCode == 0, encode.Stderr);
            var mp4 = Path.Combine(folder, "out.mp4");
            var remux = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", flv,
                .. FeedRemuxer.OutputArguments, mp4]);
            Assert.True(remux.ExitCode == 0, remux.Stderr);

            await using var input = File.OpenRead(mp4);
            InitSegment? tracks = null;
            VideoKeyframes? keyframes = null;
            var arrived = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_123);
            var fragments = 0;
            await foreach (var unit in new Fmp4Reader(input, 16 << 20).ReadAsync(CancellationToken.None))
            {
                if (unit.IsInit) { tracks = InitSegment.Parse(unit.Bytes); keyframes = new VideoKeyframes(unit.Bytes); continue; }
                var info = FragmentInfo.Parse(unit.Bytes, tracks);
                // What ffmpeg wrote: the picture's raw dts, 2 s past the decode time players place the fragment at.
                var timescale = tracks!.Find(keyframes!.Track)!.Timescale;
                if (fragments == 0) Assert.InRange((MediaTime(unit.Bytes) - info.DecodeTime) / (double)timescale, 1.9, 2.1);
                ProducerTime.Stamp(unit.Bytes, arrived, tracks, keyframes.Track);
                Assert.Equal(info.DecodeTime, MediaTime(unit.Bytes));
                Assert.Equal(keyframes.Track, BinaryPrimitives.ReadUInt32BigEndian(unit.Bytes.AsSpan(12)));
                var stamped = FragmentInfo.Parse(unit.Bytes, tracks).ProducedAt!.Value;
                Assert.InRange((arrived - TimeSpan.FromSeconds(info.Seconds) - stamped).TotalMilliseconds, -1, 1);
                fragments++;
            }
            Assert.True(fragments >= 10, $"{fragments} fragments");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The prft comes first in each fragment: size, type, version and flags, track, NTP time, then the media time.
    private static long MediaTime(byte[] fragment)
    {
        Assert.Equal("prft", System.Text.Encoding.ASCII.GetString(fragment, 4, 4));
        return (long)BinaryPrimitives.ReadUInt64BigEndian(fragment.AsSpan(24));
    }
}
