using System.Net;
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
            // What ./run.sh runs once it has built: `cameras serve --data .data` from the repository's root.
            await using var server = await ServerProcess.StartAsync(["--data", ".data"],
                new Dictionary<string, string?> { ["Cameras__Postgres"] = database.ConnectionString, ["Logging__LogLevel__Default"] = "Warning" }, root);

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
}
