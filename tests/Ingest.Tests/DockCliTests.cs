using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Cameras.Dock;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>`cameras dock` against a live server, with clips made by ffmpeg.</summary>
public sealed class DockCliTests
{
    [Fact]
    public async Task Three_clips_are_docked_the_receipt_verified_and_wipe_removes_them()
    {
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly);
        var folder = await ClipsAsync(3, seconds: 2);
        var hashes = Directory.GetFiles(folder).Select(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))).ToList();

        var result = await ExternalProcess.CamerasAsync("dock", folder, "--server", server.Address.ToString(), "--token", server.Token(Roles.Dock, "dock-1"),
            "--camera", "CAM-42", "--officer", "O-7", "--station", "ST-1", "--wipe", "--receipt", Path.Combine(folder, "..", "receipt.json"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("Receipt verified", result.Stdout);
        Assert.Contains("Wiped", result.Stdout);
        Assert.Empty(Directory.GetFiles(folder)); // the clips and the state file
        foreach (var hash in hashes)
        {
            Assert.Contains(hash, result.Stdout);
            Assert.Equal("CAM-42", await TusKit.ScalarAsync<string>(server, $"SELECT camera FROM recordings WHERE sha256 = '{hash}'"));
        }
        Assert.Contains(hashes[0], await File.ReadAllTextAsync(Path.Combine(folder, "..", "receipt.json")));
    }

    [Fact]
    public async Task An_interrupted_dock_resumes_its_uploads_when_run_again()
    {
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly);
        var folder = await ClipsAsync(3, seconds: 6);
        var total = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
        string[] arguments = ["dock", folder, "--server", server.Address.ToString(), "--token", server.Token(Roles.Dock), "--camera", "CAM-9"];

        using (var slow = ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), .. arguments, "--max-rate", "40k"]))
        {
            slow.BeginOutputReadLine();
            slow.BeginErrorReadLine();
            var stopwatch = Stopwatch.StartNew();
            // Interrupt once every file has an upload and some bytes are in.
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(60) &&
                   await TusKit.ScalarAsync<long>(server, "SELECT count(*) FROM uploads") < 3)
                await Task.Delay(200);
            await Task.Delay(2500);
            slow.Kill(entireProcessTree: true);
            await slow.WaitForExitAsync();
        }
        await Task.Delay(500);
        var uploadsBefore = await TusKit.ScalarAsync<long>(server, "SELECT count(*) FROM uploads");
        Assert.Equal(3, uploadsBefore);
        Assert.Equal(0L, await TusKit.ScalarAsync<long>(server, "SELECT count(*) FROM recordings"));

        var result = await ExternalProcess.CamerasAsync(arguments);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("resumed at", result.Stdout);
        Assert.Equal(3L, await TusKit.ScalarAsync<long>(server, "SELECT count(*) FROM uploads")); // none created again
        Assert.Equal(3L, await TusKit.ScalarAsync<long>(server, "SELECT count(*) FROM recordings"));
        Assert.Equal(total, await TusKit.ScalarAsync<decimal>(server, "SELECT sum(size) FROM recordings"));
        Assert.Equal(4, Directory.GetFiles(folder).Length); // without --wipe the clips stay (and the state file)
    }

    [Fact]
    public async Task A_file_that_reaches_the_server_different_from_its_camera_hash_fails_the_dock_and_nothing_is_wiped()
    {
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly);
        var folder = await ClipsAsync(2, seconds: 1);
        // The camera's hash of clip0 says something else than its bytes (as if they changed on the way).
        var state = new DockState();
        var clip = new FileInfo(Path.Combine(folder, "clip0.mp4"));
        state.Files["clip0.mp4"] = new DockFileState { Size = clip.Length, Modified = clip.LastWriteTimeUtc, Sha256 = new string('0', 64) };
        state.Save(Path.Combine(folder, DockState.FileName));

        var result = await ExternalProcess.CamerasAsync("dock", folder, "--server", server.Address.ToString(), "--token", server.Token(Roles.Dock), "--wipe");

        Assert.True(result.ExitCode == 4, result.Stdout + result.Stderr);
        Assert.Contains("clip0.mp4", result.Stderr);
        Assert.True(File.Exists(clip.FullName));
        Assert.True(File.Exists(Path.Combine(folder, "clip1.mp4")));
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(server, "SELECT count(*) FROM recordings"));
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(server, "SELECT count(*) FROM quarantine"));
    }

    [Theory]
    [InlineData("bad token", 3)]
    [InlineData("no folder", 2)]
    [InlineData("empty folder", 2)]
    public async Task Failures_have_their_exit_codes(string why, int exitCode)
    {
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly);
        var folder = why == "empty folder" ? Directory.CreateTempSubdirectory("dock-empty-").FullName
            : why == "no folder" ? "/nonexistent/camera" : await ClipsAsync(1, seconds: 1);
        var token = why == "bad token" ? server.Token(Roles.Officer) : server.Token(Roles.Dock);

        var result = await ExternalProcess.CamerasAsync("dock", folder, "--server", server.Address.ToString(), "--token", token);

        Assert.True(exitCode == result.ExitCode, why + ": " + result.Stdout + result.Stderr);
        Assert.NotEmpty(result.Stderr);
    }

    private static async Task<string> ClipsAsync(int count, int seconds)
    {
        var folder = Directory.CreateTempSubdirectory("dock-").FullName;
        var camera = Directory.CreateDirectory(Path.Combine(folder, "DCIM")).FullName;
        for (var i = 0; i < count; i++)
        {
            var result = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                $"testsrc2=size=640x360:rate=25,noise=alls={20 + i}:allf=t", "-t", seconds.ToString(), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", Path.Combine(camera, $"clip{i}.mp4")]);
            Assert.True(result.ExitCode == 0, result.Stderr);
        }
        return camera;
    }
}
