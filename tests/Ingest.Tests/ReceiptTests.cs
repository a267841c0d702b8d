using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cameras.Ingest.Offloads;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>The signed receipt of an offload, and the keys that verify it.</summary>
public sealed class ReceiptTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Fact]
    public async Task The_receipt_comes_once_every_file_is_stored_and_verifies_with_the_published_key()
    {
        var a = TusKit.RandomBytes(70_000, seed: 21);
        var b = TusKit.RandomBytes(30_000, seed: 22);
        using var first = await TusKit.UploadAsync(fixture.Dock, a, TusKit.DockMetadata(a, offload: "shift-1", filename: "a.mp4"));
        var second = await TusKit.CreateAsync(fixture.Dock, b.Length, TusKit.DockMetadata(b, offload: "shift-1", filename: "b.mp4"));

        using var early = await fixture.Dock.GetAsync("/dock/offloads/shift-1/receipt");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("offload-incomplete", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        (await TusKit.PatchAsync(fixture.Dock, second, 0, b)).Dispose();
        using var response = await fixture.Dock.GetAsync("/dock/offloads/shift-1/receipt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var signed = JsonNode.Parse(text)!.AsObject();
        var files = signed["receipt"]!["files"]!.AsArray();
        Assert.Equal(["a.mp4", "b.mp4"], files.Select(f => f!["filename"]!.GetValue<string>()));
        Assert.Equal(TusKit.Sha256Hex(a), files[0]!["sha256"]!.GetValue<string>());
        Assert.Equal(30_000, files[1]!["size"]!.GetValue<long>());
        Assert.NotNull(files[0]!["recording"]);

        var keysText = await fixture.Server.Client.GetStringAsync("/dock/keys"); // no token needed
        var key = JsonNode.Parse(keysText)!["keys"]!.AsArray().Single()!;
        Assert.Equal(signed["signature"]!["kid"]!.GetValue<string>(), key["kid"]!.GetValue<string>());
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(key["pem"]!.GetValue<string>());
        Assert.True(ReceiptSignature.Verify(signed, publicKey));

        // Outside the code: Node's crypto alone verifies it, and a receipt altered by one byte does not.
        var folder = Directory.CreateTempSubdirectory("receipt-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "receipt.json"), text);
        await File.WriteAllTextAsync(Path.Combine(folder, "keys.json"), keysText);
        var verified = await Node(Path.Combine(folder, "receipt.json"), Path.Combine(folder, "keys.json"));
        Assert.True(verified.ExitCode == 0, verified.Stdout + verified.Stderr);
        var forged = JsonNode.Parse(text)!.AsObject();
        forged["receipt"]!["files"]![1]!["size"] = 30_001;
        Assert.False(ReceiptSignature.Verify(forged, publicKey));
        await File.WriteAllTextAsync(Path.Combine(folder, "forged.json"), forged.ToJsonString());
        Assert.Equal(1, (await Node(Path.Combine(folder, "forged.json"), Path.Combine(folder, "keys.json"))).ExitCode);
    }

    [Fact]
    public async Task An_unknown_offload_is_404()
    {
        using var response = await fixture.Dock.GetAsync("/dock/offloads/never-docked/receipt");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static Task<ExternalProcess.Result> Node(params string[] arguments) =>
        ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests", "tools", "verify-receipt.mjs"), .. arguments]);
}
