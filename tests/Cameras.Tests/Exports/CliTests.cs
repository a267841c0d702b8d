using System.Net.Http.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>`cameras export create` as an operator runs it: the export id on stdout once sealed, progress on stderr.</summary>
public sealed class CliTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Export_create_prints_the_id_once_sealed_and_a_share_lasts_seven_days_by_default()
    {
        var first = await SeededRecordings.SeedAsync(Server);
        var second = await SeededRecordings.SeedAsync(Server);

        var result = await ExternalProcess.CamerasAsync("export", "create", "--server", Server.Address.ToString(),
            "--token", Server.Token(Roles.Operator, "operator-cli"), "--procedure", "PV-CLI-1", "--reason", "transmission au parquet",
            "--recording", first.Id.ToString(), "--recording", second.Id.ToString());

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var id = Guid.Parse(result.Stdout.Trim());
        Assert.Contains("Sealed:", result.Stderr);
        using var operatorClient = Server.ClientFor(Roles.Operator);
        var export = await operatorClient.GetFromJsonAsync<ExportView>($"/api/exports/{id}", ExportKit.Json);
        Assert.Equal("sealed", export!.Status);
        Assert.Equal([first.Id, second.Id], export.Recordings);
        var share = await ExportKit.ShareAsync(Server, id, "magistrate-cli");
        Assert.InRange(share.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Export_create_with_an_unknown_recording_exits_1_with_the_servers_reason()
    {
        var missing = Guid.NewGuid();

        var result = await ExternalProcess.CamerasAsync("export", "create", "--server", Server.Address.ToString(),
            "--token", Server.Token(Roles.Operator), "--procedure", "PV-CLI-2", "--reason", "r", "--recording", missing.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"No recording has the id {missing}", result.Stderr);
        Assert.Equal("", result.Stdout.Trim());
    }

    [Fact]
    public async Task Verify_of_a_file_that_is_not_a_zip_exits_1_and_of_a_missing_file_exits_2()
    {
        var junk = Path.Combine(fixture.NewFolder(), "junk.zip");
        await File.WriteAllTextAsync(junk, "not a zip");

        var bad = await ExportKit.CamerasVerifyAsync(junk, null);
        var missing = await ExportKit.CamerasVerifyAsync(junk + ".none", null);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("INVALID", bad.Stdout);
        Assert.Equal(2, missing.ExitCode);
    }

    [Theory]
    [InlineData(null, "--motif")]
    [InlineData("curiosite", "curiosite")]
    public async Task Export_fetch_without_a_motif_of_the_list_is_a_usage_error_exit_2_and_writes_nothing(string? motif, string named)
    {
        var output = Path.Combine(fixture.NewFolder(), "package.zip");
        string[] arguments = ["export", "fetch", "--server", Server.Address.ToString(), "--token", Server.Token(Roles.Magistrate),
            Guid.NewGuid().ToString(), "--out", output, "--reason", "PV 2026/1"];
        if (motif is not null) arguments = [.. arguments, "--motif", motif];

        var result = await ExternalProcess.CamerasAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr);
        Assert.False(File.Exists(output));
    }
}
