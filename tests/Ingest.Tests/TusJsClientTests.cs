using System.Security.Cryptography;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>tus-js-client, the protocol's reference client, uploading from Node to the real server.</summary>
public sealed class TusJsClientTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Fact]
    public async Task A_plain_upload_becomes_a_recording()
    {
        var (file, sha) = WriteFile(600_000, seed: 31);
        var result = await UploadAsync(file, sha, "js-plain");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var success = Events(result).Last();
        Assert.Equal("success", success.GetProperty("event").GetString());
        var recording = success.GetProperty("recording").GetString();
        Assert.Equal(sha, await TusKit.ScalarAsync<string>(fixture.Server, $"SELECT sha256 FROM recordings WHERE id = '{recording}'"));
    }

    [Fact]
    public async Task An_interrupted_upload_resumes_from_its_stored_url()
    {
        var (file, sha) = WriteFile(900_000, seed: 32);
        var store = Path.Combine(Path.GetDirectoryName(file)!, "urls.json");

        var interrupted = await UploadAsync(file, sha, "js-resume", "--store", store, "--chunk-size", "100000", "--abort-after", "300000");
        Assert.True(interrupted.ExitCode == 3, interrupted.Stdout + interrupted.Stderr);
        var url = Events(interrupted).Last().GetProperty("url").GetString()!;
        var saved = await TusKit.OffsetAsync(fixture.Dock, url);
        Assert.InRange(saved, 300_000, 899_999);

        var resumed = await UploadAsync(file, sha, "js-resume", "--store", store, "--chunk-size", "100000");
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        var success = Events(resumed).Last();
        Assert.Equal(url, success.GetProperty("url").GetString());
        Assert.Equal(saved, success.GetProperty("resumedAt").GetInt64());
        Assert.NotNull(success.GetProperty("recording").GetString());
        Assert.Equal(sha, await TusKit.ScalarAsync<string>(fixture.Server, $"SELECT sha256 FROM uploads WHERE id = '{url.Split('/')[^1]}'"));
    }

    [Fact]
    public async Task A_chunked_upload_with_5_MB_chunks_lands_whole()
    {
        var (file, sha) = WriteFile(12 * 1000 * 1000 + 123, seed: 33);
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly); // the table server caps uploads at 1 MiB
        var result = await UploadAsync(file, sha, "js-chunked", server, "--chunk-size", (5 * 1000 * 1000).ToString());
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var patches = Events(result).Where(e => e.GetProperty("event").GetString() == "patch").ToList();
        Assert.Equal([5_000_000, 10_000_000, 12_000_123], patches.Select(p => p.GetProperty("offset").GetInt64()));
        Assert.NotNull(Events(result).Last().GetProperty("recording").GetString());
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(server, $"SELECT count(*) FROM recordings WHERE sha256 = '{sha}'"));
    }

    private Task<ExternalProcess.Result> UploadAsync(string file, string sha, string offload, params string[] extra) =>
        UploadAsync(file, sha, offload, fixture.Server, extra);

    private static Task<ExternalProcess.Result> UploadAsync(string file, string sha, string offload, TestServer server, params string[] extra)
    {
        var metadata = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["filename"] = Path.GetFileName(file), ["camera"] = "CAM-JS", ["sha256"] = sha, ["offload"] = offload,
        });
        return ExternalProcess.RunAsync("node",
        [
            Path.Combine(TestEnvironment.RepositoryRoot, "tests", "tools", "tus-upload.mjs"),
            "--endpoint", new Uri(server.Address, "/dock/uploads").ToString(), "--token", server.Token(Roles.Dock, "dock-st3"),
            "--file", file, "--metadata", metadata, .. extra,
        ]);
    }

    private static (string File, string Sha) WriteFile(int length, int seed)
    {
        var content = TusKit.RandomBytes(length, seed);
        var file = Path.Combine(Directory.CreateTempSubdirectory("tus-js-").FullName, $"clip-{seed}.mp4");
        File.WriteAllBytes(file, content);
        return (file, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    private static List<JsonElement> Events(ExternalProcess.Result result) =>
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
