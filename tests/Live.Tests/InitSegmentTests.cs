using Cameras.Evidence.Live;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>The codec strings the relay gives browsers, read from real ffmpeg output: H.264 with AAC muxed (HLS fMP4),
/// picture and sound apart (dash), Opus; and no tracks, never an exception, from bytes that are not an init.</summary>
public sealed class InitSegmentTests
{
    [Fact]
    public async Task Muxed_picture_and_sound_give_one_type_with_both_codecs()
    {
        var folder = await SoundPusher.FilesAsync(sound: true);
        try
        {
            var init = InitSegment.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "init.mp4")));
            Assert.Matches("^avc1\\.[0-9a-f]{6},mp4a\\.40\\.2$", init.Codecs);
            Assert.StartsWith("video/mp4; codecs=\"avc1.", init.MimeType);
            Assert.Equal(["video", "audio"], init.Tracks.Select(t => t.Kind));
            Assert.Equal(48000, init.Tracks.Single(t => t.Kind == "audio").Timescale);

            // A muxed segment: the picture's traf speaks for it (keyframe, one second).
            var info = FragmentInfo.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "index0.m4s")), init);
            Assert.True(info.Keyframe && info.HasVideo);
            Assert.InRange(FragmentInfo.TotalSeconds(await File.ReadAllBytesAsync(Path.Combine(folder, "index0.m4s")), init), 0.9, 1.1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("aac", "audio/mp4; codecs=\"mp4a.40.2\"")]
    [InlineData("libopus", "audio/mp4; codecs=\"opus\"")]
    public async Task A_sound_stream_of_its_own_is_an_audio_type(string encoder, string type)
    {
        var folder = Directory.CreateTempSubdirectory("cameras-init-").FullName;
        try
        {
            var result = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                "-t", "1", "-c:a", encoder, "-f", "mp4", "-movflags", "frag_keyframe+empty_moov", Path.Combine(folder, "a.mp4")]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            var init = InitSegment.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "a.mp4")));
            Assert.Equal(type, init.MimeType);
            Assert.False(init.HasVideo);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Bytes_that_are_not_an_init_have_no_tracks()
    {
        Assert.Empty(InitSegment.Parse(new byte[] { 1, 2, 3 }).Tracks);
        Assert.Empty(InitSegment.Parse("\0\0\0\x10moov\0\0\0\x08trak"u8.ToArray()).Tracks);
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        Assert.Empty(InitSegment.Parse(random).Tracks);
    }
}
