using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>The package is streamed into S3 (s3rver, multipart) as into the filesystem, and verifies the same.</summary>
public sealed class S3ExportTests
{
    [Fact]
    public async Task An_export_streamed_into_s3_in_several_parts_downloads_and_verifies()
    {
        var bucket = "exports-" + Guid.NewGuid().ToString("n")[..12];
        var s3 = new S3StorageOptions
        {
            ServiceUrl = TestEnvironment.S3Url, Bucket = bucket, AccessKey = "S3RVER", SecretKey = "S3RVER", PartSize = 5 * 1024 * 1024,
        };
        await new S3ObjectStore(S3ObjectStore.CreateClient(s3), s3).EnsureBucketAsync(CancellationToken.None);
        await using var server = await TestServer.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Cameras:Storage:Kind"] = "S3",
            ["Cameras:Storage:S3:ServiceUrl"] = s3.ServiceUrl,
            ["Cameras:Storage:S3:Bucket"] = bucket,
            ["Cameras:Storage:S3:AccessKey"] = "S3RVER",
            ["Cameras:Storage:S3:SecretKey"] = "S3RVER",
            ["Cameras:Storage:S3:PartSize"] = (5 * 1024 * 1024).ToString(),
        });
        var folder = Directory.CreateTempSubdirectory("cameras-s3-export-").FullName;
        var large = await SeededRecordings.SeedAsync(server, 7_000_000);
        var small = await SeededRecordings.SeedAsync(server, 50_000);

        var export = await ExportKit.CreateAndWaitAsync(server, [large.Id, small.Id]);
        await ExportKit.ShareAsync(server, export.Id, "magistrate-s3");
        using var magistrate = server.ClientFor(Roles.Magistrate, "magistrate-s3");
        var zip = Path.Combine(folder, "export.zip");
        await File.WriteAllBytesAsync(zip, await magistrate.GetByteArrayAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire"));
        var authority = Path.Combine(folder, "authority.pem");
        await File.WriteAllTextAsync(authority, await server.Client.GetStringAsync("/api/authority.pem"));

        Assert.True(export.Size > 7_000_000);
        var verify = await ExportKit.CamerasVerifyAsync(zip, authority);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        var unzipped = await ExportKit.UnzipAsync(zip);
        Assert.Equal(0, (await ExportKit.Sha256SumAsync(unzipped)).ExitCode);
        Directory.Delete(folder, recursive: true);
    }
}
