using System.Net;
using System.Net.Http.Headers;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>The `cameras` executable as a user runs it.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task A_token_printed_by_the_cli_opens_the_server_that_shares_its_data_folder()
    {
        await using var server = await TestServer.StartAsync();
        var result = await ExternalProcess.CamerasAsync("token", "--data", server.DataFolder, "--role", "operator", "--subject", "op-42", "--ttl", "1h");

        Assert.Equal(0, result.ExitCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", result.Stdout.Trim());
        var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("op-42", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("--role", "chief", "--subject", "x", "Unknown role 'chief'")]
    [InlineData("--role", "officer", "--subject", "x", "--ttl", "forever", "--ttl must be")]
    public async Task Token_refuses_bad_input_with_a_message_and_exit_code_2(params string[] arguments)
    {
        var data = Directory.CreateTempSubdirectory("cameras-cli-").FullName;
        var result = await ExternalProcess.CamerasAsync(["token", "--data", data, .. arguments[..^1]]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(arguments[^1], result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Serve_refuses_an_unknown_role()
    {
        var result = await ExternalProcess.CamerasAsync("serve", "--roles", "ingest,cook");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown role 'cook'", result.Stderr);
    }
}
