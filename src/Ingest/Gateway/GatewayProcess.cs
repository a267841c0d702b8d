using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Gateway;

/// <summary>A protocol engine the gateway runs as its child (nginx): started, restarted if it dies, stopped with us.
/// Its error output goes to our log line by line.</summary>
public sealed class GatewayProcess(string name, ProcessStartInfo start, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Process? _process;
    private Task? _supervisor;

    /// <summary>Starts it and returns once it has run for a moment (a bad config or a busy port shows at once).</summary>
    public async Task<bool> StartAsync()
    {
        _process = Launch();
        using var moment = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        try
        {
            await _process.WaitForExitAsync(moment.Token);
            logger.LogError("{Name} exited at start with code {Code}", name, _process.ExitCode);
            return false;
        }
        catch (OperationCanceledException)
        {
            _supervisor = SuperviseAsync();
            return true;
        }
    }

    private Process Launch()
    {
        // Both streams are ours, not inherited: a child left running after this process was killed (SIGKILL gives no
        // chance to stop it; the next start does) must not hold the server's own output open for whoever reads it.
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) logger.LogWarning("{Name}: {Line}", name, e.Data); };
        process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) logger.LogInformation("{Name}: {Line}", name, e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private async Task SuperviseAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var process = _process!;
            try { await process.WaitForExitAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            logger.LogError("{Name} exited with code {Code}; restarting it", name, process.ExitCode);
            try { await Task.Delay(TimeSpan.FromSeconds(2), _stop.Token); }
            catch (OperationCanceledException) { return; }
            _process = Launch();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_supervisor is not null) await _supervisor;
        if (_process is { HasExited: false } process)
        {
            // TERM is nginx's fast shutdown: the master stops its worker and exits.
            Signals.Terminate(process);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        }
    }
}
