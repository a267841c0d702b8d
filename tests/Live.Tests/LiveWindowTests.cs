using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using Cameras.Evidence.Live;
using Cameras.Evidence.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cameras.Live.Tests;

/// <summary>The fan-out itself: a viewer that does not read fills only its own bounded queue, skips to the next
/// keyframe, and costs the publisher and the other viewers nothing.</summary>
public sealed class LiveWindowTests
{
    [Fact]
    public async Task A_stalled_viewer_skips_to_a_keyframe_and_others_get_everything()
    {
        var window = new LiveWindow(Options.Create(new LiveOptions { ViewerQueue = 10 }), TimeProvider.System, NullLogger<LiveWindow>.Instance);
        window.PublishInit("f", "init.mp4", new byte[] { 0, 0, 0, 8, (byte)'m', (byte)'o', (byte)'o', (byte)'v' });
        using var stalled = window.Subscribe("f");
        using var reader = window.Subscribe("f");
        var received = new List<LiveFragment>();
        using var got = new SemaphoreSlim(0);
        var reading = Task.Run(async () =>
        {
            await foreach (var fragment in reader.Reader.ReadAllAsync()) { received.Add(fragment); got.Release(); }
        });
        Assert.True(await got.WaitAsync(TimeSpan.FromSeconds(5))); // the init
        for (var i = 0; i < 500; i++)
        {
            // A live reader keeps up with 25 fragments a second; this one reads each before the next is published.
            window.PublishFragment("f", Fragment(keyframe: i % 25 == 0));
            Assert.True(await got.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        window.End("f");
        await reading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(501, received.Count); // init + every fragment
        Assert.True(stalled.Dropped >= 490, $"dropped {stalled.Dropped}");
        var queued = new List<LiveFragment>();
        await foreach (var fragment in stalled.Reader.ReadAllAsync()) queued.Add(fragment);
        Assert.Equal(10, queued.Count); // its bound, nothing more held for it
        Assert.True(queued[0].IsInit);
    }

    [Fact]
    public void A_viewer_that_drained_its_queue_resumes_at_a_keyframe()
    {
        var window = new LiveWindow(Options.Create(new LiveOptions { ViewerQueue = 4 }), TimeProvider.System, NullLogger<LiveWindow>.Instance);
        using var viewer = window.Subscribe("g");
        for (var i = 0; i < 10; i++) window.PublishFragment("g", Fragment(keyframe: i == 0));
        while (viewer.Reader.TryRead(out _)) { }
        window.PublishFragment("g", Fragment(keyframe: false)); // still skipping: not a keyframe
        Assert.False(viewer.Reader.TryRead(out _));
        window.PublishFragment("g", Fragment(keyframe: true));
        Assert.True(viewer.Reader.TryRead(out var resumed) && resumed.Info.Keyframe);
    }

    [Fact]
    public void Each_viewer_s_drops_are_recorded_once_as_it_leaves_by_feed_and_never_by_viewer()
    {
        var feed = "drops-" + Guid.NewGuid().ToString("n");
        var recorded = new List<(long Dropped, string[] Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CamerasMetrics.LiveMeter && instrument.Name == "cameras.live.viewer_fragments_dropped")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var pairs = tags.ToArray();
            if (!pairs.Any(t => t.Key == "feed" && Equals(t.Value, feed))) return; // another test's feed
            lock (recorded) recorded.Add((value, [.. pairs.Select(t => t.Key)]));
        });
        listener.Start();
        var window = new LiveWindow(Options.Create(new LiveOptions { ViewerQueue = 4 }), TimeProvider.System, NullLogger<LiveWindow>.Instance);
        var stalled = window.Subscribe(feed);
        var prompt = window.Subscribe(feed);
        for (var i = 0; i < 20; i++)
        {
            window.PublishFragment(feed, Fragment(keyframe: i == 0));
            while (prompt.Reader.TryRead(out _)) { } // keeps up
        }

        Assert.Equal(16, stalled.Dropped); // 4 queued, then skipping to a keyframe that never came
        Assert.Empty(recorded); // nothing until a viewer leaves
        stalled.Dispose();
        stalled.Dispose(); // a second disposal records nothing more
        prompt.Dispose();

        Assert.Equal([16L, 0L], recorded.Select(r => r.Dropped));
        Assert.All(recorded, r => Assert.Equal(["feed"], r.Tags)); // one label, the feed: no series per viewer
    }

    /// <summary>moof(traf(tfhd, trun with first-sample flags)) + mdat: the flags say whether it starts with a keyframe.</summary>
    private static byte[] Fragment(bool keyframe)
    {
        var tfhd = Box("tfhd", new byte[8]);
        var trun = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(trun, 0x000004); // first-sample-flags present
        BinaryPrimitives.WriteUInt32BigEndian(trun.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(trun.AsSpan(8), keyframe ? 0x02000000u : 0x01010000u);
        var moof = Box("moof", Box("traf", [.. tfhd, .. Box("trun", trun)]));
        return [.. moof, .. Box("mdat", new byte[32])];
    }

    private static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }
}
