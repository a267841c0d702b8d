using System.Net;
using System.Net.Http.Headers;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>Two ingest nodes of one deployment (one database, shared data folder): an upload moves between them.</summary>
public sealed class MultiNodeTests
{
    [Fact]
    public async Task A_head_on_another_node_takes_a_stalled_upload_back_and_the_patch_there_completes_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("cameras-nodes-").FullName;
        await using var nodeA = await ServerProcess.StartAsync(database.ConnectionString, data, "ingest,evidence");
        await using var nodeB = await ServerProcess.StartAsync(database.ConnectionString, data, "ingest,evidence");
        var token = new TokenIssuer(new InstanceKeys(Path.Combine(data, "keys")), "cameras", TimeProvider.System).Issue(Roles.Dock, "dock-nodes", TimeSpan.FromHours(1));
        using var onA = new HttpClient { BaseAddress = nodeA.Address };
        using var onB = new HttpClient { BaseAddress = nodeB.Address };
        foreach (var client in new[] { onA, onB }) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        const long length = 8 << 20, before = 2 << 20; // whole 1 MiB buffers: all of it is written as it arrives
        var (sha, remainder) = StallingStream.Expected(length, seed: 61, offset: before);

        var url = await TusKit.CreateAsync(onA, length, TusKit.Metadata(("sha256", sha), ("offload", "two-nodes")));
        var body = new StallingStream(length, 61, before);
        using var patch = TusKit.Patch(url, 0, body, length);
        using var giveUp = new CancellationTokenSource();
        var stalled = onA.SendAsync(patch, giveUp.Token);
        await body.Stalled.Task;
        await TusKit.WaitForStagedAsync(data, url, before);

        // Node B asks node A (NOTIFY) to let go; A saves what it received; B answers with that offset.
        var started = DateTime.UtcNow;
        Assert.Equal(before, await TusKit.OffsetAsync(onB, url));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));

        // B never saw the first bytes: it rebuilds the running hash from the shared staging file, then appends.
        using var resume = TusKit.Patch(url, before, remainder, length - before);
        using var done = await onB.SendAsync(resume);
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.NotNull(TusKit.Header(done, "Cameras-Recording"));
        Assert.Null(TusKit.Header(done, "Cameras-Quarantine"));
        Assert.Equal(length, await TusKit.OffsetAsync(onA, url));
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<Exception>(() => stalled);
    }
}
