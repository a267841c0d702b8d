using System.Net;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>One writer per upload, and a dropped connection never locks its upload for good.</summary>
public sealed class LeaseTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Fact]
    public async Task A_head_takes_the_upload_back_from_a_stalled_patch_which_keeps_what_it_received()
    {
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly);
        using var dock = server.ClientFor(Roles.Dock);
        const long length = 8 << 20, before = 3 << 20; // whole 1 MiB buffers: all of it is written as it arrives
        var (sha, rest) = StallingStream.Expected(length, seed: 41, offset: before);
        var url = await TusKit.CreateAsync(dock, length, TusKit.Metadata(("sha256", sha), ("offload", "stalled")));
        var body = new StallingStream(length, 41, before);
        using var stalledClient = server.ClientFor(Roles.Dock);
        using var patch = TusKit.Patch(url, 0, body, length);
        var stalled = stalledClient.SendAsync(patch);
        await body.Stalled.Task;
        await TusKit.WaitForStagedAsync(server.DataFolder, url, before);

        // The first request still holds the upload; a HEAD makes it let go at once and count what it received.
        var started = DateTime.UtcNow;
        Assert.Equal(before, await TusKit.OffsetAsync(dock, url));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));

        using var resume = TusKit.Patch(url, before, rest, length - before);
        using var done = await dock.SendAsync(resume);
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.NotNull(TusKit.Header(done, "Cameras-Recording"));
        Assert.Equal(sha, await TusKit.ScalarAsync<string>(server, $"SELECT sha256 FROM uploads WHERE id = '{url.Split('/')[^1]}'"));
        stalledClient.CancelPendingRequests();
        await Assert.ThrowsAnyAsync<Exception>(() => stalled);
    }

    [Fact]
    public async Task An_offset_that_is_not_the_durable_one_is_409_and_changes_nothing()
    {
        var content = TusKit.RandomBytes(1000, seed: 42);
        var url = await TusKit.CreateAsync(fixture.Dock, 1000, TusKit.DockMetadata(content, offload: "lease-409"));
        (await TusKit.PatchAsync(fixture.Dock, url, 0, content[..500])).Dispose();
        using var replay = await TusKit.PatchAsync(fixture.Dock, url, 0, content[..500]);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(500, await TusKit.OffsetAsync(fixture.Dock, url));
    }
}
