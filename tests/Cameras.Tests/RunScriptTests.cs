using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>./run.sh as a new user runs it: its own PostgreSQL, the server, and a clean stop on SIGTERM.</summary>
public sealed class RunScriptTests
{
    [Fact]
    public async Task Run_sh_serves_until_SIGTERM_then_stops_the_server_and_its_PostgreSQL()
    {
        var data = Directory.CreateTempSubdirectory("cameras-run-");
        // The private PostgreSQL runs as an unprivileged user when we are root: it must reach the folder.
        File.SetUnixFileMode(data.FullName, (UnixFileMode)0b111_101_101);
        var port = FreePort();
        using var run = ExternalProcess.Start("bash", ["./run.sh", "--urls", $"http://127.0.0.1:{port}", "--data", data.FullName],
            new Dictionary<string, string?> { ["Cameras__Postgres"] = null });
        var output = new System.Text.StringBuilder();
        run.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        run.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitForReadyAsync(client, run, output);
            var postmaster = int.Parse(File.ReadLines(Path.Combine(data.FullName, "postgres", "postmaster.pid")).First());
            Assert.True(IsAlive(postmaster));

            Process.Start("kill", ["-TERM", run.Id.ToString()]).WaitForExit();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await run.WaitForExitAsync(stop.Token);

            Assert.False(IsAlive(postmaster), "PostgreSQL is still running after run.sh stopped");
            Assert.False(File.Exists(Path.Combine(data.FullName, "postgres", "postmaster.pid")));
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
            data.Delete(recursive: true);
        }
    }

    private static async Task WaitForReadyAsync(HttpClient client, Process run, System.Text.StringBuilder output)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4); // a first run builds the server
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(run.HasExited, $"run.sh stopped early:\n{output}");
            try
            {
                if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        Assert.Fail($"run.sh never became ready:\n{output}");
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") &&
        !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
