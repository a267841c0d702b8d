using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Cameras.TestSupport;

namespace Cameras.Tests.Workspace;

/// <summary>The README's first steps as written: a fresh data folder, <c>./run.sh --demo</c>, the printed admin link
/// opened in Chromium, and the workspace signed in, showing the demo's recording.</summary>
public sealed partial class FirstStepsTests
{
    [Fact]
    public async Task Run_sh_prints_a_sign_in_link_that_opens_the_workspace_signed_in()
    {
        var data = Directory.CreateTempSubdirectory("cameras-first-");
        File.SetUnixFileMode(data.FullName, (UnixFileMode)0b111_101_101); // the private PostgreSQL runs unprivileged under root
        var port = FreePort();
        using var run = ExternalProcess.Start("bash", ["./run.sh", "--demo", "--urls", $"http://127.0.0.1:{port}", "--data", data.FullName],
            new Dictionary<string, string?> { ["Cameras__Postgres"] = null });
        var output = new System.Text.StringBuilder();
        var link = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        run.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data is { } line && AdminLink().Match(line) is { Success: true } m) link.TrySetResult(m.Groups[1].Value);
        };
        run.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            // A first run builds the server (minutes on a loaded machine) before it prints anything.
            var printed = await link.Task.WaitAsync(TimeSpan.FromMinutes(10)).ContinueWith(t =>
            {
                lock (output) return t.IsCompletedSuccessfully ? t.Result : throw new TimeoutException($"run.sh printed no sign-in link:\n{output}");
            });
            Assert.StartsWith($"http://127.0.0.1:{port}/app/recordings.html#token=", printed);
            lock (output) Assert.Matches(@"operator\s+http://127\.0\.0\.1:\d+/#token=", output.ToString());

            var steps = await WorkspaceServer.BrowseAsync("workspace-signin.mjs", printed);

            Assert.Equal("Local Administrateur · administrateur", steps["signedin"].GetProperty("identity").GetString());
            Assert.DoesNotContain("token", steps["signedin"].GetProperty("address").GetString()); // taken out of the address bar
            Assert.Contains("cases", steps["signedin"].GetProperty("sections").EnumerateArray().Select(s => s.GetString()));
        }
        finally
        {
            System.Diagnostics.Process.Start("kill", ["-TERM", run.Id.ToString()]).WaitForExit();
            await run.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token).ContinueWith(_ => { });
            if (!run.HasExited) run.Kill(entireProcessTree: true);
            data.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"admin\s+(http://\S+)")]
    private static partial Regex AdminLink();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
