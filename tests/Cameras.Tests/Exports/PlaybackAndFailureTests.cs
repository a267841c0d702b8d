using System.Net.Http.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Tests.Exports;

/// <summary>Playback copies with their lineage; an original that no longer matches its hash stops the export.</summary>
public sealed class PlaybackAndFailureTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task With_playback_the_package_carries_the_proxy_and_its_lineage_and_still_verifies()
    {
        var folder = fixture.NewFolder();
        var clip = await TestMedia.H264Async(folder, seconds: 2, name: "clip.mp4");
        var (id, sha256) = await RecordingSeeder.SeedAsync(Server.Services.GetRequiredService<IObjectStore>(), Server.DatabaseConnectionString, clip);
        using var operatorClient = Server.ClientFor(Roles.Operator);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await operatorClient.GetFromJsonAsync<Recording>($"/api/recordings/{id}", ExportKit.Json))!.Status != RecordingStatus.Ready)
        {
            Assert.True(DateTime.UtcNow < deadline, "the recording was not processed in time");
            await Task.Delay(250);
        }

        var export = await ExportKit.CreateAndWaitAsync(Server, [id], playback: true);
        await ExportKit.ShareAsync(Server, export.Id, "magistrate-play");
        using var magistrate = Server.ClientFor(Roles.Magistrate, "magistrate-play");
        var zip = Path.Combine(folder, "export.zip");
        await File.WriteAllBytesAsync(zip, await magistrate.GetByteArrayAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire"));

        var item = Assert.Single(ExportKit.Manifest(zip).Items);
        // The proxy is an HLS rendition (playlist, init segment, media segments) that plays from the unzipped folder.
        Assert.Contains(item.Playback, c => c.File.EndsWith("/index.m3u8"));
        Assert.All(item.Playback, c =>
        {
            Assert.StartsWith("playback/", c.File);
            Assert.Equal(sha256, c.ParentSha256);
            Assert.NotEmpty(c.Commands);
        });
        var unzipped = await ExportKit.UnzipAsync(zip);
        var sums = await ExportKit.Sha256SumAsync(unzipped);
        Assert.True(sums.ExitCode == 0, sums.Stdout);
        Assert.All(item.Playback, c => Assert.Contains($"{c.File}: OK", sums.Stdout));
        var verify = await ExportKit.CamerasVerifyAsync(zip, null);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
    }

    [Fact]
    public async Task An_original_that_no_longer_matches_its_hash_fails_the_export_and_nothing_is_sealed()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 150_000);
        var store = Server.Services.GetRequiredService<IObjectStore>();
        var path = ((ILocalObjectFiles)store).LocalPath(ObjectKeys.Original(recording.Sha256))!;
        File.SetAttributes(path, FileAttributes.Normal);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = 1000;
            file.WriteByte((byte)(recording.Bytes[1000] ^ 0xff));
        }
        using var operatorClient = Server.ClientFor(Roles.Operator);
        using var created = await operatorClient.PostAsJsonAsync("/api/exports", new CreateExportRequest("PV-BAD", "r", [recording.Id], null), ExportKit.Json);
        var export = (await created.Content.ReadFromJsonAsync<ExportView>(ExportKit.Json))!;

        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (export.Status is not ("failed" or "sealed") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            export = (await operatorClient.GetFromJsonAsync<ExportView>($"/api/exports/{export.Id}", ExportKit.Json))!;
        }

        Assert.Equal("failed", export.Status);
        Assert.Contains("no longer matches its SHA-256", export.Error);
        Assert.Null(export.ManifestSha256);
        Assert.Empty(await store.ListAsync($"exports/{export.Id}/", CancellationToken.None).ToListAsync());
    }
}
