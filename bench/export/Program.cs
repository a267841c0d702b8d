// Export benchmark: the real server (every role, filesystem store) exports N pseudo-random files through the real
// worker job; measured against `cp` + `sync` + `sha256sum` of the same files in the same run. Then `cameras verify`
// of the package against `sha256sum -c` of the same media. Prints Markdown rows for bench/RESULTS.md.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cameras;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var (postgres, work, cache, totalMiB) = (args[0], args[1], args[2], int.Parse(args[3]));
// 4 files by default; 1 file of 4096 MiB makes a single entry past 4 GiB (ZIP64 sizes in the entry itself).
var Files = args.Length > 4 ? int.Parse(args[4]) : 4;
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
Directory.CreateDirectory(cache);
var files = new List<string>();
for (var i = 0; i < Files; i++)
{
    var path = Path.Combine(cache, Files == 4 ? $"media-{totalMiB}-{i}.bin" : $"media-{totalMiB}-{Files}-{i}.bin");
    long size = (long)totalMiB * 1024 * 1024 / Files;
    if (!File.Exists(path) || new FileInfo(path).Length != size) await GenerateAsync(path, size);
    files.Add(path);
}
var hashes = new List<string>();
foreach (var file in files)
{
    await using var read = File.OpenRead(file);
    hashes.Add(Convert.ToHexStringLower(await SHA256.HashDataAsync(read)));
}
await File.WriteAllLinesAsync(Path.Combine(work, "SUMS"), files.Select((f, i) => $"{hashes[i]}  {f}"));

var app = CamerasHost.Build(new ServeSettings("http://127.0.0.1:0", Path.Combine(work, "data"), ServerRoles.All, Demo: false)
{
    Configuration = new Dictionary<string, string?> { ["Cameras:Postgres"] = postgres, ["Logging:LogLevel:Default"] = "Warning" },
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
var store = app.Services.GetRequiredService<IObjectStore>();
var ids = new List<Guid>();
await using (var connection = new NpgsqlConnection(postgres))
{
    await connection.OpenAsync();
    for (var i = 0; i < Files; i++)
    {
        // A hard link of the cached file becomes the original, so seeding copies nothing.
        var staged = Path.Combine(work, $"staged-{i}");
        await RunAsync("ln", ["-f", files[i], staged]);
        await ((IFileImport)store).ImportFileAsync(staged, ObjectKeys.Original(hashes[i]), CancellationToken.None);
        var id = Guid.NewGuid();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, officer, status)
            VALUES (@id, @sha, @size, @key, @name, 'CAM-BENCH', 'officer-bench', 'ready')
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("sha", hashes[i]);
        insert.Parameters.AddWithValue("size", new FileInfo(files[i]).Length);
        insert.Parameters.AddWithValue("key", ObjectKeys.Original(hashes[i]));
        insert.Parameters.AddWithValue("name", $"bench-{i}.mp4");
        await insert.ExecuteNonQueryAsync();
        ids.Add(id);
    }
}

// Baseline: copy the files (flushed to disk, as the store flushes the package) and hash them.
var copies = Directory.CreateDirectory(Path.Combine(work, "cp")).FullName;
var baseline = Stopwatch.StartNew();
await RunAsync("bash", ["-c", $"cp {string.Join(' ', files)} {copies}/ && sync {copies}/* && sha256sum {string.Join(' ', files)} > /dev/null"]);
baseline.Stop();
Directory.Delete(copies, recursive: true);

using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
    app.Services.GetRequiredService<TokenIssuer>().Issue(Roles.Operator, "bench", TimeSpan.FromHours(1)));
var export = Stopwatch.StartNew();
var created = await client.PostAsJsonAsync("/api/exports", new CreateExportRequest("BENCH-1", "benchmark", ids, null), json);
created.EnsureSuccessStatusCode();
var view = (await created.Content.ReadFromJsonAsync<ExportView>(json))!;
while (view.Status is not ("sealed" or "failed"))
{
    await Task.Delay(100);
    view = (await client.GetFromJsonAsync<ExportView>($"/api/exports/{view.Id}", json))!;
}
export.Stop();
if (view.Status != "sealed") throw new InvalidOperationException(view.Error);
var objectKey = (await app.Services.GetRequiredService<ExportCatalog>().FindAsync(view.Id, CancellationToken.None))!.ObjectKey!;
var zip = ((ILocalObjectFiles)store).LocalPath(objectKey)!;

// Standard tools read the ZIP64 structure (past 4 GiB, the offsets and the end record are ZIP64): a cheap check.
await RunAsync("unzip", ["-l", zip]);
await RunAsync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).infolist()", zip]);

var sumCheck = Stopwatch.StartNew();
await RunAsync("sha256sum", ["-c", "--quiet", Path.Combine(work, "SUMS")]);
sumCheck.Stop();
var verify = Stopwatch.StartNew();
await RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "verify", zip]);
verify.Stop();
await app.StopAsync();


var mb = (long)totalMiB * 1024 * 1024 / 1e6;
Console.WriteLine($"| 7 | export of {totalMiB} MiB ({Files} file(s), ZIP64 {view.Size:N0} B), request to sealed, real worker job | {export.Elapsed.TotalSeconds:F1} s ({mb / export.Elapsed.TotalSeconds:F0} MB/s) | cp + sync + sha256sum of the same files {baseline.Elapsed.TotalSeconds:F1} s | {export.Elapsed.TotalSeconds / baseline.Elapsed.TotalSeconds:F2} (goal ≤ 1.2) | MACHINE | `bench/export/run.sh {totalMiB}{(Files != 4 ? " " + Files : "")}` |");
Console.WriteLine($"| 7 | `cameras verify` of that package (hashes, signature, proofs; process start included) | {verify.Elapsed.TotalSeconds:F1} s | `sha256sum -c` of the same media {sumCheck.Elapsed.TotalSeconds:F1} s | {verify.Elapsed.TotalSeconds / sumCheck.Elapsed.TotalSeconds:F2} (goal ≤ 0.5) | MACHINE | `bench/export/run.sh {totalMiB}{(Files != 4 ? " " + Files : "")}` |");


static async Task GenerateAsync(string path, long size)
{
    Console.Error.WriteLine($"generating {path} ({size:N0} bytes, cached for later runs)");
    var buffer = new byte[1 << 20];
    await using var file = File.Create(path + ".tmp");
    for (long done = 0; done < size; done += buffer.Length)
    {
        RandomNumberGenerator.Fill(buffer);
        await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - done)));
    }
    file.Close();
    File.Move(path + ".tmp", path, overwrite: true);
}

static async Task RunAsync(string program, string[] arguments)
{
    var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = false };
    foreach (var a in arguments) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited {process.ExitCode}: {output}");
}
