namespace Cameras.TestSupport;

/// <summary>
/// `cameras serve` started as a user starts it, with settings that must stop it at start. PostgreSQL is an address
/// where nothing listens unless the settings say otherwise: the settings are checked before anything reaches it, so a
/// refusal comes in about a second; one checked later waited about 30 s there, writing into the data folder meanwhile.
/// </summary>
public static class RefusedStart
{
    /// <summary>How the start ended: exit code, what it printed (stdout and stderr), what it wrote in its data folder.</summary>
    public sealed record Result(int ExitCode, string Output, IReadOnlyList<string> Written);

    /// <summary>Runs `cameras serve` in a fresh data folder (removed after) with these settings as environment variables
    /// (`Cameras__…`; a null value unsets one, <c>Cameras__Postgres</c> included).</summary>
    public static async Task<Result> ServeAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var data = Directory.CreateTempSubdirectory("cameras-refused-start-").FullName;
        try
        {
            var environment = new Dictionary<string, string?> { ["Cameras__Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody" };
            foreach (var (name, value) in settings) environment[name] = value;
            var run = await ExternalProcess.RunAsync("dotnet",
                [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "serve", "--data", data, "--urls", "http://127.0.0.1:0"], environment);
            var written = Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(data, path)).ToList();
            return new Result(run.ExitCode, run.Stderr + run.Stdout, written);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary><paramref name="baseline"/> with one setting changed (null: unset).</summary>
    public static Task<Result> ServeAsync(IReadOnlyDictionary<string, string?> baseline, string name, string? value) =>
        ServeAsync(new Dictionary<string, string?>(baseline) { [name] = value });
}
