namespace Cameras.TestSupport;

/// <summary>
/// The servers ./test.sh starts for the suite, named by environment variables. A test that needs one
/// fails with this message when it is missing: run the suite through ./test.sh.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres => Required("CAMERAS_TEST_POSTGRES", "a PostgreSQL superuser connection string");

    public static string S3Url => Required("CAMERAS_TEST_S3", "the URL of an S3 server (s3rver)");

    /// <summary>Azurite's Blob endpoint for its development account, e.g. http://127.0.0.1:10000/devstoreaccount1.</summary>
    public static string AzuriteBlobUrl => Required("CAMERAS_TEST_AZURITE", "the Blob endpoint of an Azurite server");

    /// <summary>Azurite's well-known development account and key (public, documented, for emulators only).</summary>
    public const string AzuriteAccount = "devstoreaccount1";
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The repository's root folder (where run.sh is).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string Required(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} must hold {what}; run the tests with ./test.sh, which starts it.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "run.sh")) && File.Exists(Path.Combine(dir.FullName, "Cameras.sln")))
                return dir.FullName;
        throw new InvalidOperationException("The tests must run from inside the repository.");
    }
}
