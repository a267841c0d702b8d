using Cameras.Ingest.Uploads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cameras.Ingest.Tests;

/// <summary>
/// Completion cut at each of its steps by a lost connection: the server's PostgreSQL backend terminated right there,
/// as a database restart or failover does. The PATCH fails (5xx, which tus clients retry); the next HEAD, PATCH or
/// sweep finishes the registration exactly once.
/// </summary>
public sealed class CompletionInterruptionTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Theory]
    [InlineData(CompletionStep.AfterHashCheck, 61)]
    [InlineData(CompletionStep.AfterMoveIntoStore, 62)]
    [InlineData(CompletionStep.InsideRegistration, 63)]
    [InlineData(CompletionStep.BeforeReceipt, 64)]
    public async Task A_completion_cut_by_a_lost_connection_is_finished_once_by_the_next_head(CompletionStep step, int seed)
    {
        await using var finished = await FinishedOnce.ListenAsync(fixture.Server.DatabaseConnectionString);
        var (content, url, offload) = await CutAsync(step, seed);
        await finished.AssertAsync(fixture.Dock, url, content, offload, fixture.Server.DataFolder);
    }

    [Fact]
    public async Task A_registration_cut_by_a_lost_connection_is_finished_once_by_the_next_patch()
    {
        await using var finished = await FinishedOnce.ListenAsync(fixture.Server.DatabaseConnectionString);
        var (content, url, offload) = await CutAsync(CompletionStep.InsideRegistration, 65);
        await finished.AssertAsync(fixture.Dock, url, content, offload, fixture.Server.DataFolder, patchFirst: true);
    }

    [Fact]
    public async Task A_completion_cut_after_the_move_that_no_dock_comes_back_for_is_finished_by_the_sweep()
    {
        await using var finished = await FinishedOnce.ListenAsync(fixture.Server.DatabaseConnectionString);
        var (content, url, offload) = await CutAsync(CompletionStep.AfterMoveIntoStore, 66);
        await fixture.Server.Services.GetServices<IHostedService>().OfType<UploadSweeper>().Single().SweepAsync(CancellationToken.None);
        Assert.Equal("stored", await TusKit.ScalarAsync<string>(fixture.Server, $"SELECT state FROM uploads WHERE id = '{Guid.Parse(url.Split('/')[^1])}'"));
        await finished.AssertAsync(fixture.Dock, url, content, offload, fixture.Server.DataFolder);
    }

    /// <summary>Sends a whole file in one PATCH and terminates the server's backend where the step holds it.</summary>
    private async Task<(byte[] Content, string Url, string Offload)> CutAsync(CompletionStep step, int seed)
    {
        var content = TusKit.RandomBytes(200_000, seed);
        var sha = TusKit.Sha256Hex(content);
        var offload = $"cut-{seed}";
        var url = await TusKit.CreateAsync(fixture.Dock, content.Length, TusKit.DockMetadata(content, offload));
        var staged = Path.Combine(fixture.Server.DataFolder, "staging", url.Split('/')[^1]);
        var stored = Path.Combine(fixture.Server.DataFolder, "objects", "originals", sha[..2], sha[2..4], sha);
        await using (var hold = await CompletionHold.PlaceAsync(fixture.Server.DatabaseConnectionString, step, Guid.Parse(url.Split('/')[^1]), sha))
        {
            var patch = TusKit.PatchAsync(fixture.Dock, url, 0, content);
            var backend = await hold.HeldAsync();
            // Where the bytes are while completion is held shows which step it is held at.
            Assert.Equal(step == CompletionStep.AfterHashCheck, File.Exists(staged));
            Assert.Equal(step != CompletionStep.AfterHashCheck, File.Exists(stored));
            await hold.TerminateAsync(backend);
            using var cut = await patch;
            Assert.True((int)cut.StatusCode >= 500, $"the cut PATCH answered {(int)cut.StatusCode}");
        }
        return (content, url, offload);
    }
}
