using System.Net.Http.Headers;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>
/// The server process killed with SIGKILL at each step of a completion, then started again on the same database and
/// data: the upload ends registered exactly once, with its receipt, and HEAD and PATCH answer the finished upload.
/// </summary>
public sealed class CompletionKillTests
{
    [Theory]
    [InlineData(CompletionStep.AfterHashCheck, 71)]
    [InlineData(CompletionStep.AfterMoveIntoStore, 72)]
    [InlineData(CompletionStep.InsideRegistration, 73)]
    [InlineData(CompletionStep.BeforeReceipt, 74)]
    public async Task A_completion_cut_by_sigkill_is_finished_once_after_restart(CompletionStep step, int seed)
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("cameras-kill-").FullName;
        var content = TusKit.RandomBytes(200_000, seed);
        var sha = TusKit.Sha256Hex(content);
        var offload = $"killed-{seed}";

        string url;
        await using var finished = await FinishedOnce.ListenAsync(database.ConnectionString);
        await using (var first = await ServerProcess.StartAsync(database.ConnectionString, data, "ingest,evidence"))
        {
            using var dock = DockClient(first.Address, data);
            url = await TusKit.CreateAsync(dock, content.Length, TusKit.DockMetadata(content, offload));
            await using var hold = await CompletionHold.PlaceAsync(database.ConnectionString, step, Guid.Parse(url.Split('/')[^1]), sha);
            var patch = dock.SendAsync(TusKit.Patch(url, 0, content));
            var backend = await hold.HeldAsync();
            first.Kill(); // SIGKILL: nothing of the server gets to clean up
            // PostgreSQL notices a dead client only when it next talks to it; the backend held on a lock would carry on
            // once released, so it goes now, as it would when the server's machine is gone.
            await hold.TerminateAsync(backend);
            await Assert.ThrowsAnyAsync<Exception>(() => patch); // no answer: the server is gone
        }

        await using var second = await ServerProcess.StartAsync(database.ConnectionString, data, "ingest,evidence");
        using var again = DockClient(second.Address, data);
        await finished.AssertAsync(again, url, content, offload, data);
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    private static HttpClient DockClient(Uri address, string data)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            new TokenIssuer(new InstanceKeys(Path.Combine(data, "keys")), "cameras", TimeProvider.System).Issue(Roles.Dock, "dock-killed", TimeSpan.FromHours(1)));
        return client;
    }
}
