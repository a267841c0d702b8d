using System.Diagnostics;
using System.Text;

namespace Cameras.TestSupport;

/// <summary>Runs a program to completion, the way a user would from a shell, and keeps what it printed.</summary>
public static class ExternalProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The `cameras` executable built beside the tests, run through `dotnet`.</summary>
    public static Task<Result> CamerasAsync(params string[] arguments) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), .. arguments]);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        using var process = Start(program, arguments, environment, workingDirectory);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in time.\n{stdout}\n{stderr}");
        }
        process.WaitForExit(); // drains the output handlers
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts a program with redirected output; the caller owns it.</summary>
    public static Process Start(string program, IEnumerable<string> arguments,
        IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? TestEnvironment.RepositoryRoot,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
    }
}
