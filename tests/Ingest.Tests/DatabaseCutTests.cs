using System.Net;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>A PATCH whose database connection is lost mid-body (PostgreSQL restarted, failed over): once the database
/// is back, the dock resumes from the durable offset and the file ends verified, not quarantined.</summary>
public sealed class DatabaseCutTests
{
    [Fact]
    public async Task A_patch_cut_at_a_checkpoint_by_a_lost_connection_resumes_and_ends_with_the_right_hash()
    {
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly,
            configuration: new Dictionary<string, string?> { ["Cameras:Ingest:CheckpointBytes"] = (1 << 20).ToString() });
        using var dock = server.ClientFor(Roles.Dock, "dock-cut");
        var content = TusKit.RandomBytes(3 << 20, seed: 101);
        var url = await TusKit.CreateAsync(dock, content.Length, TusKit.DockMetadata(content, offload: "db-cut"));

        await using (var hold = await CompletionHold.OnCheckpointAsync(server.DatabaseConnectionString, Guid.Parse(url.Split('/')[^1])))
        {
            var patch = TusKit.PatchAsync(dock, url, 0, content);
            await hold.TerminateAsync(await hold.HeldAsync()); // the session recording the first checkpoint is gone
            try
            {
                using var cut = await patch;
                Assert.True((int)cut.StatusCode >= 500, $"the cut PATCH answered {(int)cut.StatusCode}");
            }
            catch (HttpRequestException)
            {
                // The server may end the connection before the client has sent the whole body: as good as a 5xx.
            }
        }

        var offset = await TusKit.OffsetAsync(dock, url);
        Assert.Equal(0L, offset); // nothing past the refused checkpoint was acknowledged
        using var resumed = await TusKit.PatchAsync(dock, url, offset, content[(int)offset..]);
        Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
        Assert.Null(TusKit.Header(resumed, "Cameras-Quarantine"));
        Assert.NotNull(TusKit.Header(resumed, "Cameras-Recording"));
    }
}
