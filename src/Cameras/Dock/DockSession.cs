using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Cameras.Dock;

/// <summary>One docking: find and hash the recordings, upload them, wait for the signed receipt, verify it, wipe.</summary>
public sealed class DockSession(DockSettings settings, HttpClient http)
{
    private readonly TusClient _tus = new(http, settings.Server);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Into a log or a pipe, lines are not cut at 80 columns: hashes and URLs stay whole for whoever reads them.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 250;
        if (!Directory.Exists(settings.Folder)) return Fail(DockExitCodes.Usage, $"No folder {settings.Folder}.");
        var found = RecordingFinder.Find(settings.Folder);
        if (found.Count == 0) return Fail(DockExitCodes.Usage, $"No recordings in {settings.Folder}.");
        var statePath = Path.Combine(settings.Folder, DockState.FileName);
        var state = DockState.Load(statePath);
        var files = await HashAsync(found, state, cancellationToken);
        state.Save(statePath);
        AnsiConsole.MarkupLine($"Offload [bold]{state.Offload}[/]: {files.Count} recording(s), {files.Sum(f => f.Size):N0} bytes to {settings.Server}");

        var uploads = new DockUploads(settings, _tus, state, statePath);
        IReadOnlyList<(DockFile File, TusClient.Status Status)> results;
        try
        {
            results = await Progress().StartAsync(ctx => uploads.RunAsync(files, ctx, cancellationToken));
        }
        catch (Exception e) when (e is TusException or HttpRequestException or IOException)
        {
            foreach (var line in uploads.Log) AnsiConsole.WriteLine(line);
            return Fail(DockExitCodes.UploadFailed, $"Upload failed: {e.Message}. Run the same command again to resume.");
        }
        foreach (var line in uploads.Log.Reverse()) AnsiConsole.WriteLine(line);
        var quarantined = results.Where(r => r.Status.Quarantine is not null).Select(r => r.File.Name).ToList();
        if (quarantined.Count > 0)
            return Fail(DockExitCodes.Quarantined, $"The server received {string.Join(", ", quarantined)} different from the camera's hash: quarantined. Nothing is wiped.");

        var receipt = await WaitForReceiptAsync(state.Offload, cancellationToken);
        if (receipt.Exit is { } exit) return exit;
        var keys = JsonNode.Parse(await http.GetStringAsync(new Uri(settings.Server, "dock/keys"), cancellationToken))!.AsObject();
        if (ReceiptVerifier.Check(receipt.Signed!, keys, state.Offload, files) is { } problem)
            return Fail(DockExitCodes.ReceiptInvalid, $"Receipt rejected: {problem}. Nothing is wiped.");
        Print(receipt.Signed!);
        if (settings.ReceiptFile is not null) await File.WriteAllTextAsync(settings.ReceiptFile, receipt.Signed!.ToJsonString(), cancellationToken);
        return settings.Wipe ? Wipe(files, statePath) : DockExitCodes.Success;
    }

    private async Task<List<DockFile>> HashAsync(List<FileInfo> found, DockState state, CancellationToken cancellationToken)
    {
        var files = new List<DockFile>();
        await Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask("hashing", maxValue: Math.Max(1, found.Sum(f => f.Length)));
            foreach (var info in found)
            {
                var name = Path.GetRelativePath(settings.Folder, info.FullName).Replace('\\', '/');
                var modified = info.LastWriteTimeUtc;
                if (!state.Files.TryGetValue(name, out var entry) || entry.Size != info.Length || entry.Modified != modified || entry.Sha256 is null)
                {
                    entry = new DockFileState { Size = info.Length, Modified = modified };
                    entry.Sha256 = await RecordingFinder.HashAsync(info.FullName, n => task.Increment(n), cancellationToken);
                    state.Files[name] = entry;
                }
                else task.Increment(info.Length);
                files.Add(new DockFile(name, info.FullName, info.Length, modified, entry.Sha256));
            }
        });
        foreach (var gone in state.Files.Keys.Except(files.Select(f => f.Name)).ToList()) state.Files.Remove(gone);
        return files;
    }

    private async Task<(JsonObject? Signed, int? Exit)> WaitForReceiptAsync(string offload, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew(); // a duration, not a date: immune to the wall clock being set
        while (true)
        {
            using var response = await _tus.GetAsync($"dock/offloads/{offload}/receipt", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK) return (JsonNode.Parse(body)!.AsObject(), null);
            var code = TryCode(body);
            if (code == "offload-quarantined") return (null, Fail(DockExitCodes.Quarantined, $"Files failed verification: {TryDetail(body)}"));
            if (code != "offload-incomplete" || waiting.Elapsed > settings.ReceiptTimeout)
                return (null, Fail(DockExitCodes.ReceiptInvalid, $"No receipt: {(int)response.StatusCode} {TryDetail(body)}"));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static void Print(JsonObject signed)
    {
        var receipt = signed["receipt"]!;
        var table = new Table().Title($"Receipt for offload {Markup.Escape(receipt["offload"]!.GetValue<string>())} (signature verified, key {signed["signature"]!["kid"]})");
        foreach (var column in new[] { "file", "size", "SHA-256", "recording" }) table.AddColumn(column);
        foreach (var file in receipt["files"]!.AsArray())
            table.AddRow(Markup.Escape(file!["filename"]?.GetValue<string>() ?? ""), $"{file["size"]!.GetValue<long>():N0}",
                file["sha256"]!.GetValue<string>(), file["recording"]?.GetValue<string>() ?? "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[green]Receipt verified[/]: {receipt["total_files"]} file(s), {receipt["total_bytes"]!.GetValue<long>():N0} bytes.");
    }

    private int Wipe(IReadOnlyList<DockFile> files, string statePath)
    {
        var failed = new List<string>();
        foreach (var file in files)
        {
            try
            {
                File.Delete(file.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add($"{file.Name} ({e.Message})");
            }
        }
        if (failed.Count > 0) return Fail(DockExitCodes.WipeFailed, $"Could not wipe {string.Join(", ", failed)}.");
        File.Delete(statePath);
        AnsiConsole.MarkupLine($"[green]Wiped[/] {files.Count} file(s): the server has signed for every one.");
        return DockExitCodes.Success;
    }

    private static Progress Progress() => AnsiConsole.Progress().AutoClear(false).HideCompleted(false).Columns(
        new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
        new TransferSpeedColumn(), new RemainingTimeColumn());

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine(message);
        return code;
    }

    private static string? TryCode(string body) => TryProperty(body, "code");
    private static string TryDetail(string body) => TryProperty(body, "detail") ?? body;

    private static string? TryProperty(string body, string name)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
