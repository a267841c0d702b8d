using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cameras.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Cameras.Tests.Access;

/// <summary><c>cameras token</c> finds the data folder as <c>serve</c> does, and refuses one that holds no instance keys.</summary>
public sealed class TokenCommandTests
{
    [Theory]
    [InlineData("an empty folder", "")]
    [InlineData("a folder that does not exist", "missing/data")]
    public async Task A_folder_without_instance_keys_is_refused_with_its_name_and_nothing_is_created(string _, string below)
    {
        var root = Directory.CreateTempSubdirectory("cameras-token-").FullName;
        try
        {
            var data = Path.Combine(root, below);
            var result = await ExternalProcess.CamerasAsync("token", "--data", data, "--role", "operator", "--subject", "op-1");

            Assert.Equal(2, result.ExitCode);
            Assert.Empty(result.Stdout);
            Assert.Contains(Path.Combine(Path.GetFullPath(data), "keys"), result.Stderr);
            Assert.Contains("No instance keys", result.Stderr);
            Assert.Empty(Directory.EnumerateFileSystemEntries(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_relative_data_folder_is_found_from_the_folder_the_command_runs_in_as_serve_finds_it()
    {
        await using var server = await TestServer.StartAsync();
        var parent = Path.GetDirectoryName(server.DataFolder)!;

        var result = await ExternalProcess.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "token", "--data", Path.GetFileName(server.DataFolder), "--role", "admin", "--subject", "adm-1"],
            workingDirectory: parent);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(server, result.Stdout.Trim()));
    }

    [Fact]
    public async Task The_agents_matricule_nom_prenom_grade_and_service_are_claims_of_the_token()
    {
        await using var server = await TestServer.StartAsync();

        var result = await ExternalProcess.CamerasAsync("token", "--data", server.DataFolder, "--role", "officer", "--subject", "off-9",
            "--matricule", "M-123456", "--nom", "Durand", "--prenom", "Zoé", "--grade", "brigadier-chef", "--service", "CSP Lyon 3e");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var token = new JsonWebToken(result.Stdout.Trim());
        Assert.Equal("M-123456", token.GetClaim("matricule").Value);
        Assert.Equal("Durand", token.GetClaim("nom").Value);
        Assert.Equal("Zoé", token.GetClaim("prenom").Value);
        Assert.Equal("brigadier-chef", token.GetClaim("grade").Value);
        Assert.Equal("CSP Lyon 3e", token.GetClaim("service").Value);
        Assert.Equal("off-9", token.Subject);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(server, result.Stdout.Trim()));
    }

    [Theory]
    [InlineData("--nom", "", "--nom must not be empty")]
    [InlineData("--grade", "a\u0007b", "--grade must not hold control characters")]
    public async Task An_empty_or_unprintable_agent_value_is_refused(string option, string value, string message)
    {
        var data = Directory.CreateTempSubdirectory("cameras-token-").FullName;
        try
        {
            var result = await ExternalProcess.CamerasAsync("token", "--data", data, "--role", "officer", "--subject", "off-1", option, value);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Stderr);
            Assert.Empty(result.Stdout);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    internal static async Task<HttpStatusCode> MeAsync(TestServer server, string token) => await MeAsync(server.Address, token);

    internal static async Task<HttpStatusCode> MeAsync(Uri server, string token)
    {
        using var client = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK) JsonDocument.Parse(await response.Content.ReadAsStringAsync()).Dispose();
        return response.StatusCode;
    }
}
