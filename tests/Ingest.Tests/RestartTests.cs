using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>The server killed with SIGKILL in the middle of an upload, then started again on the same data.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task An_upload_cut_by_sigkill_resumes_after_restart_and_ends_with_the_right_hash()
    {
        await using var database = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("cameras-restart-").FullName;
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        const long length = 48L << 20, before = 20L << 20;
        var (sha, _) = StallingStream.Expected(length, seed: 51, offset: 0);

        using var first = await StartAsync(database, data, address);
        using var dock = new HttpClient { BaseAddress = address };
        dock.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            new TokenIssuer(new InstanceKeys(Path.Combine(data, "keys")), "cameras", TimeProvider.System).Issue(Roles.Dock, "dock-restart", TimeSpan.FromHours(1)));
        var url = await TusKit.CreateAsync(dock, length, TusKit.Metadata(("sha256", sha), ("offload", "restart"), ("filename", "long.mp4")));
        var body = new StallingStream(length, 51, before);
        using var patch = TusKit.Patch(url, 0, body, length);
        using var giveUp = new CancellationTokenSource();
        var cut = dock.SendAsync(patch, giveUp.Token);
        await body.Stalled.Task;
        await TusKit.WaitForStagedAsync(data, url, before);

        first.Kill(); // SIGKILL: no chance to flush, save or say goodbye
        await first.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)); // its output closed: no child holds it
        giveUp.Cancel(); // the client's body is still waiting to send more; the server is gone
        await Assert.ThrowsAnyAsync<Exception>(() => cut);
        var staged = new FileInfo(Path.Combine(data, "staging", url.Split('/')[^1])).Length;

        using var second = await StartAsync(database, data, address);
        var offset = await TusKit.OffsetAsync(dock, url);
        // Checkpoints (every 4 MiB here) made part of what arrived durable; the tail past the last one was not acknowledged.
        Assert.InRange(offset, 4L << 20, before);
        Assert.True(staged >= offset);
        var (_, rest) = StallingStream.Expected(length, 51, offset);
        using var resume = TusKit.Patch(url, offset, rest, length - offset);
        using var done = await dock.SendAsync(resume);

        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.Null(TusKit.Header(done, "Cameras-Quarantine"));
        Assert.NotNull(TusKit.Header(done, "Cameras-Recording"));
        var stored = Path.Combine(data, "objects", "originals", sha[..2], sha[2..4], sha);
        Assert.Equal(length, new FileInfo(stored).Length);
        second.Kill();
        await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<Process> StartAsync(TestDatabase database, string data, Uri address)
    {
        var process = ExternalProcess.Start("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "serve", "--urls", address.ToString().TrimEnd('/'), "--data", data, "--roles", "ingest,evidence"],
            new Dictionary<string, string?>
            {
                ["Cameras__Postgres"] = database.ConnectionString,
                ["Cameras__Ingest__CheckpointBytes"] = (4 << 20).ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
                // No RTMP/SRT gateway: a SIGKILL leaves its nginx child running (the next start stops it, but the last one's stays).
                ["Cameras__Live__RtmpPort"] = "0", ["Cameras__Live__SrtPort"] = "0",
            });
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return process;
            }
            catch (HttpRequestException) { }
            if (process.HasExited) break;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("cameras serve did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
