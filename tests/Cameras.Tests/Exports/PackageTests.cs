using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>
/// A sealed export of three recordings, built by the real worker job and downloaded by the magistrate, checked with
/// the standard tools (unzip, sha256sum, openssl) and `cameras verify`, each as an external process; then tampered.
/// </summary>
public sealed class PackageTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task An_export_of_three_recordings_passes_sha256sum_openssl_cms_and_cameras_verify()
    {
        var (export, zip, authority, recordings) = await ExportKit.PackageAsync(Server, fixture.NewFolder());

        var unzipTest = await ExternalProcess.RunAsync("unzip", ["-t", zip]);
        Assert.True(unzipTest.ExitCode == 0, unzipTest.Stdout + unzipTest.Stderr);
        var python = await ExternalProcess.RunAsync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(1 if z.testzip() else 0)", zip]);
        Assert.True(python.ExitCode == 0, python.Stdout + python.Stderr);
        var folder = await ExportKit.UnzipAsync(zip);
        var manifest = ExportKit.Manifest(zip);
        for (var i = 0; i < recordings.Count; i++)
        {
            // Media bit-exact under media/, in the order asked.
            Assert.Equal(recordings[i].Bytes, await File.ReadAllBytesAsync(Path.Combine(folder, manifest.Items[i].File)));
            Assert.Equal(recordings[i].Sha256, manifest.Items[i].Sha256);
            Assert.Contains(manifest.Items[i].Custody, e => e.Action == "recording.extracted");
            Assert.Contains(manifest.Items[i].Custody, e => e.Action == "hold.placed");
        }
        Assert.Contains("sha256sum -c SHA256SUMS", await File.ReadAllTextAsync(Path.Combine(folder, "VERIFY.txt")));
        Assert.Contains("Vérifier", await File.ReadAllTextAsync(Path.Combine(folder, "VERIFY.txt")));

        var sums = await ExportKit.Sha256SumAsync(folder);
        Assert.True(sums.ExitCode == 0, sums.Stdout + sums.Stderr);
        Assert.Equal(recordings.Count + 1, sums.Stdout.Split('\n').Count(l => l.EndsWith(": OK")));
        var cms = await ExportKit.OpensslCmsAsync(folder, authority);
        Assert.True(cms.ExitCode == 0, cms.Stdout + cms.Stderr);
        var verify = await ExportKit.CamerasVerifyAsync(zip, authority);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains("VALID: 3 items", verify.Stdout);
        Assert.Equal(3, verify.Stdout.Split('\n').Count(l => l.TrimStart().StartsWith("OK    media/")));
        var withoutCa = await ExportKit.CamerasVerifyAsync(zip, null);
        Assert.True(withoutCa.ExitCode == 0, withoutCa.Stdout);
        Assert.Contains("not compared with a trusted authority", withoutCa.Stdout);

        // The seal is in the ledger with the manifest's hash.
        using var admin = Server.ClientFor(Roles.Admin);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json")))),
            export.ManifestSha256);
    }

    [Fact]
    public async Task Another_authority_given_with_ca_fails_the_chain()
    {
        var folder = fixture.NewFolder();
        var (_, zip, _, _) = await ExportKit.PackageAsync(Server, folder, count: 1);
        var other = Path.Combine(folder, "other.pem");
        var made = await ExternalProcess.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", Path.Combine(folder, "other.key"), "-out", other, "-subj", "/CN=Someone else", "-days", "2"]);
        Assert.True(made.ExitCode == 0, made.Stderr);

        var verify = await ExportKit.CamerasVerifyAsync(zip, other);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("does not chain to the authority given with --ca", verify.Stdout);
    }

    [Fact]
    public async Task One_byte_changed_in_a_media_file_fails_sha256sum_and_cameras_verify_names_the_item()
    {
        var (_, zip, authority, _) = await ExportKit.PackageAsync(Server, fixture.NewFolder());
        var item = ExportKit.Manifest(zip).Items[1];
        var tampered = ExportKit.Tamper(zip, item.File, bytes => { bytes[bytes.Length / 2] ^= 0x01; return bytes; });
        var folder = await ExportKit.UnzipAsync(tampered);

        var sums = await ExportKit.Sha256SumAsync(folder);
        Assert.NotEqual(0, sums.ExitCode);
        Assert.Contains($"{item.File}: FAILED", sums.Stdout);
        // The manifest itself is untouched: its signature still holds, as it should.
        Assert.Equal(0, (await ExportKit.OpensslCmsAsync(folder, authority)).ExitCode);
        var verify = await ExportKit.CamerasVerifyAsync(tampered, authority);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"FAIL  {item.File} (recording {item.RecordingId})", verify.Stdout);
        Assert.Contains("content differs", verify.Stdout);
        Assert.Contains("INVALID: 1 of 3 items fail", verify.Stdout);
    }

    [Fact]
    public async Task An_edited_manifest_fails_every_check_and_cameras_verify_names_the_item()
    {
        var (_, zip, authority, _) = await ExportKit.PackageAsync(Server, fixture.NewFolder());
        var item = ExportKit.Manifest(zip).Items[2];
        var tampered = ExportKit.Tamper(zip, "manifest.json", bytes => Edit(bytes, m => m["items"]![2]!["officer"] = "someone-else"));

        await AssertEveryCheckFailsAsync(tampered, authority, item.File, "camera, officer or file name differs");
    }

    [Fact]
    public async Task A_custody_event_removed_from_the_manifest_fails_every_check_and_cameras_verify_names_the_item()
    {
        var (_, zip, authority, _) = await ExportKit.PackageAsync(Server, fixture.NewFolder());
        var item = ExportKit.Manifest(zip).Items[0];
        var removed = item.Custody[0].Seq;
        var tampered = ExportKit.Tamper(zip, "manifest.json", bytes => Edit(bytes, m => m["items"]![0]!["custody"]!.AsArray().RemoveAt(0)));

        await AssertEveryCheckFailsAsync(tampered, authority, item.File, $"custody event #{removed} is missing from the manifest");
    }

    private static async Task AssertEveryCheckFailsAsync(string tampered, string authority, string file, string because)
    {
        var folder = await ExportKit.UnzipAsync(tampered);
        var sums = await ExportKit.Sha256SumAsync(folder);
        Assert.NotEqual(0, sums.ExitCode);
        Assert.Contains("manifest.json: FAILED", sums.Stdout);
        var cms = await ExportKit.OpensslCmsAsync(folder, authority);
        Assert.NotEqual(0, cms.ExitCode);
        var verify = await ExportKit.CamerasVerifyAsync(tampered, authority);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"FAIL  {file}", verify.Stdout);
        Assert.Contains(because, verify.Stdout);
        Assert.Contains("signature: manifest.json.p7s does not sign this manifest.json", verify.Stdout);
        Assert.Contains("INVALID: 1 of 3 items fail", verify.Stdout);
    }

    private static byte[] Edit(byte[] manifest, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(manifest)!;
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
