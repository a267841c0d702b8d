using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>What the export tests do the way an operator, a magistrate and the standard tools would.</summary>
internal static class ExportKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ExportView> CreateAndWaitAsync(TestServer server, IReadOnlyList<Guid> recordings, string procedure = "PV-2026-0042",
        bool playback = false)
    {
        using var operatorClient = server.ClientFor(Roles.Operator, "operator-1");
        using var response = await operatorClient.PostAsJsonAsync("/api/exports",
            new CreateExportRequest(procedure, "réquisition judiciaire", recordings, null, playback), Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var export = (await response.Content.ReadFromJsonAsync<ExportView>(Json))!;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (export.Status is not ("sealed" or "failed"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"export {export.Id} is still {export.Status}");
            await Task.Delay(200);
            export = (await operatorClient.GetFromJsonAsync<ExportView>($"/api/exports/{export.Id}", Json))!;
        }
        Assert.True(export.Status == "sealed", export.Error);
        return export;
    }

    public static async Task<ShareView> ShareAsync(TestServer server, Guid exportId, string magistrate, DateTimeOffset? expiresAt = null)
    {
        using var operatorClient = server.ClientFor(Roles.Operator, "operator-1");
        using var response = await operatorClient.PostAsJsonAsync($"/api/exports/{exportId}/shares", new ShareRequest(magistrate, expiresAt), Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ShareView>(Json))!;
    }

    /// <summary>Creates, seals, shares with magistrate-1 and downloads an export of <paramref name="count"/> fresh recordings.</summary>
    public static async Task<(ExportView Export, string Zip, string Authority, List<(Guid Id, string Sha256, byte[] Bytes)> Recordings)>
        PackageAsync(TestServer server, string folder, int count = 3)
    {
        var recordings = new List<(Guid, string, byte[])>();
        for (var i = 0; i < count; i++) recordings.Add(await SeededRecordings.SeedAsync(server, 200_000 + i * 1000));
        var export = await CreateAndWaitAsync(server, [.. recordings.Select(r => r.Item1)]);
        await ShareAsync(server, export.Id, "magistrate-1");
        using var magistrate = server.ClientFor(Roles.Magistrate, "magistrate-1");
        var zip = Path.Combine(folder, "export.zip");
        await File.WriteAllBytesAsync(zip, await magistrate.GetByteArrayAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire"));
        // The authority as published, fetched apart from the package, without a token.
        using var anonymous = new HttpClient { BaseAddress = server.Address };
        var authority = Path.Combine(folder, "authority.pem");
        await File.WriteAllTextAsync(authority, await anonymous.GetStringAsync("/api/authority.pem"));
        return (export, zip, authority, recordings);
    }

    public static async Task<string> UnzipAsync(string zip)
    {
        var target = Directory.CreateTempSubdirectory("cameras-unzip-").FullName;
        var result = await ExternalProcess.RunAsync("unzip", ["-q", zip, "-d", target]);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        return target;
    }

    public static Task<ExternalProcess.Result> Sha256SumAsync(string folder) =>
        ExternalProcess.RunAsync("sha256sum", ["-c", "SHA256SUMS"], workingDirectory: folder);

    public static Task<ExternalProcess.Result> OpensslCmsAsync(string folder, string authority) =>
        ExternalProcess.RunAsync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", "manifest.json.p7s",
            "-content", "manifest.json", "-CAfile", authority, "-out", "/dev/null"], workingDirectory: folder);

    public static Task<ExternalProcess.Result> CamerasVerifyAsync(string zip, string? authority) =>
        ExternalProcess.CamerasAsync(authority is null ? ["verify", zip] : ["verify", zip, "--ca", authority]);

    /// <summary>A copy of <paramref name="zip"/> with one entry replaced by <paramref name="change"/> of its bytes.</summary>
    public static string Tamper(string zip, string entryName, Func<byte[], byte[]> change)
    {
        var copy = Path.Combine(Path.GetDirectoryName(zip)!, $"tampered-{Guid.NewGuid():N}.zip");
        File.Copy(zip, copy);
        using var archive = ZipFile.Open(copy, ZipArchiveMode.Update);
        var entry = archive.GetEntry(entryName)!;
        byte[] bytes;
        using (var read = entry.Open())
        using (var buffer = new MemoryStream())
        {
            read.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        entry.Delete();
        using var write = archive.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
        write.Write(change(bytes));
        return copy;
    }

    public static ExportManifest Manifest(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.GetEntry("manifest.json")!.Open();
        return JsonSerializer.Deserialize<ExportManifest>(stream, ExportManifest.Json)!;
    }
}
