using Cameras.Evidence.Custody;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Tests;

/// <summary>`cameras ledger verify` against a running server's database and data folder, as an operator runs it.</summary>
public sealed class LedgerCliTests
{
    private static Task<ExternalProcess.Result> VerifyAsync(string? postgres, string data) =>
        ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "ledger", "verify", "--data", data],
            new Dictionary<string, string?> { ["Cameras__Postgres"] = postgres, ["Cameras__PostgresApp"] = null });

    [Fact]
    public async Task Verify_reads_the_servers_settings_and_says_intact()
    {
        await using var server = await TestServer.StartAsync();
        await server.Services.GetRequiredService<ICustodyLedger>().RecordAsync(
            new CustodyRecord("recording.received", "recording", "r1", null, CustodyActor.System), null, CancellationToken.None);
        using var admin = server.ClientFor("admin");
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();

        var result = await VerifyAsync(server.DatabaseConnectionString, server.DataFolder);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("INTACT: 1 events, 1 signed checkpoints match", result.Stdout);
    }

    [Fact]
    public async Task Verify_without_a_database_setting_exits_2_naming_it()
    {
        var result = await VerifyAsync(null, Directory.CreateTempSubdirectory("cameras-cli-").FullName);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Cameras:Postgres", result.Stderr);
    }
}
