using System.Net;
using System.Net.Sockets;
using System.Text;
using Cameras.TestSupport;

namespace Cameras.Tests.Access;

/// <summary>
/// The README's first steps as written: a server started as ./run.sh starts it (from the repository's root, with
/// <c>--data .data</c>), then the Signing in section's command, word for word, from the same folder. The folder is a
/// copy of the repository's tracked sources, so the real <c>.data</c> (and the real build folders) are left alone
/// while both relative paths resolve for real.
/// </summary>
public sealed class ReadmeFirstStepsTests
{
    [Fact]
    public async Task The_token_the_signing_in_section_prints_opens_the_server_run_sh_started()
    {
        var command = SigningInCommand();
        Assert.StartsWith("dotnet run --project src/Cameras -- token --data .data ", command);
        var root = Directory.CreateTempSubdirectory("cameras-readme-").FullName;
        var sources = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Cameras", ".data");
        var sourcesHadData = Directory.Exists(sources);
        await using var database = await TestDatabase.CreateAsync();
        try
        {
            await CopySourcesAsync(root);
            await using var server = await RunShLikeServer.StartAsync(root, database.ConnectionString);

            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A first `dotnet run` builds the server in Debug: minutes on a busy machine.
            var result = await ExternalProcess.RunAsync(words[0], words[1..], workingDirectory: root, timeout: TimeSpan.FromMinutes(15));

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            var token = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
            Assert.Equal(HttpStatusCode.OK, await TokenCommandTests.MeAsync(server.Address, token));
            Assert.Equal(sourcesHadData, Directory.Exists(sources));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The tracked files `dotnet run --project src/Cameras` builds from, as they are in the working tree (the dashboard's
    /// build fetches its npm packages, the browser libraries among them, as a fresh clone's does).
    /// </summary>
    private static async Task CopySourcesAsync(string root)
    {
        var listed = await ExternalProcess.RunAsync("git", ["ls-files", "src", "Directory.Build.props", "Directory.Packages.props", "global.json"]);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        foreach (var file in listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var source = Path.Combine(TestEnvironment.RepositoryRoot, file);
            if (!File.Exists(source)) continue; // deleted in the working tree
            var target = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }

    /// <summary>The first `dotnet run … token` line of the README's Signing in section.</summary>
    private static string SigningInCommand()
    {
        var readme = File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var section = readme.SkipWhile(l => l != "## Signing in").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        return section.First(l => l.StartsWith("dotnet run --project src/Cameras -- token", StringComparison.Ordinal)).Trim();
    }

    /// <summary>What ./run.sh runs once it has built: <c>cameras serve --data .data</c> from the repository's root.</summary>
    private sealed class RunShLikeServer : IAsyncDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly StringBuilder _output = new();

        private RunShLikeServer(System.Diagnostics.Process process, Uri address)
        {
            _process = process;
            Address = address;
            process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Uri Address { get; }

        public static async Task<RunShLikeServer> StartAsync(string root, string connectionString)
        {
            var port = FreePort();
            var process = ExternalProcess.Start("dotnet",
                [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "serve", "--data", ".data", "--urls", $"http://127.0.0.1:{port}"],
                new Dictionary<string, string?> { ["Cameras__Postgres"] = connectionString, ["Logging__LogLevel__Default"] = "Warning" }, root);
            var server = new RunShLikeServer(process, new Uri($"http://127.0.0.1:{port}"));
            using var client = new HttpClient { BaseAddress = server.Address };
            await Eventually.ThatAsync(async () =>
            {
                Assert.False(process.HasExited, "cameras serve stopped: " + server._output);
                try { return (await client.GetAsync("/readyz")).StatusCode; }
                catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; }
            }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "the server to be ready");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
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
}
