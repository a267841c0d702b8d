using System.IO.Compression;
using System.Security.Cryptography.Pkcs;
using Cameras.Evidence.Exports;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>With Cameras:Exports:TsaUrl set, the manifest's signature carries an RFC 3161 timestamp that verifies.</summary>
public sealed class TimestampTests
{
    [Fact]
    public async Task A_configured_timestamp_authority_timestamps_the_signature_and_cameras_verify_checks_it()
    {
        await using var tsa = await LocalTimestampAuthority.StartAsync();
        await using var server = await TestServer.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Cameras:Exports:TsaUrl"] = tsa.Url.ToString(),
        });
        var folder = Directory.CreateTempSubdirectory("cameras-tsa-export-").FullName;

        var (_, zip, authority, _) = await ExportKit.PackageAsync(server, folder, count: 1);

        Assert.Equal(1, tsa.Answered);
        using (var archive = ZipFile.OpenRead(zip))
        using (var p7s = new MemoryStream())
        {
            await archive.GetEntry("manifest.json.p7s")!.Open().CopyToAsync(p7s);
            var cms = new SignedCms();
            cms.Decode(p7s.ToArray());
            Assert.Contains(cms.SignerInfos[0].UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>(),
                a => a.Oid.Value == ManifestSigner.TimestampTokenOid);
        }
        var unzipped = await ExportKit.UnzipAsync(zip);
        Assert.Equal(0, (await ExportKit.OpensslCmsAsync(unzipped, authority)).ExitCode);
        var verify = await ExportKit.CamerasVerifyAsync(zip, authority);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains("timestamp: valid", verify.Stdout);
        Assert.Contains("Local test TSA", verify.Stdout);
        Directory.Delete(folder, recursive: true);
    }
}
