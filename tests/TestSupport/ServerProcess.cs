using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cameras.TestSupport;

/// <summary>
/// `cameras serve` as its own process (a node of a deployment), on a free loopback port, so a test can kill it
/// with SIGKILL or run several against one database.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Task<ServerProcess> StartAsync(string connectionString, string dataFolder, string roles,
        IDictionary<string, string?>? environment = null, IEnumerable<string>? extraArguments = null)
    {
        var env = new Dictionary<string, string?> { ["Cameras__Postgres"] = connectionString, ["Logging__LogLevel__Default"] = "Warning",
            ["Cameras__Live__RtmpPort"] = "0", ["Cameras__Live__SrtPort"] = "0" };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) env[key] = value;
        return StartAsync(["--data", dataFolder, "--roles", roles, .. extraArguments ?? []], env);
    }

    /// <summary>`cameras serve ARGUMENTS --urls …` as typed in <paramref name="workingDirectory"/> (default the
    /// repository's root), with these settings only (no test defaults): as ./run.sh starts it, for instance.</summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string?> environment,
        string? workingDirectory = null)
    {
        var port = FreePort();
        var process = ExternalProcess.Start("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", .. arguments],
            environment, workingDirectory);
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await server.WaitForReadyAsync();
        return server;
    }

    private async Task WaitForReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"cameras serve exited early:\n{Output}");
            try
            {
                if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"cameras serve never became ready:\n{Output}");
    }

    /// <summary>SIGKILL: the node dies at once, as in a power cut; nothing of it gets to clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
