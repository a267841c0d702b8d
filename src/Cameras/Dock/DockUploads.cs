using System.Collections.Concurrent;
using System.Net.Http;
using Spectre.Console;

namespace Cameras.Dock;

/// <summary>
/// Uploads the files of a docking, several at once, each resumed from the server's durable offset after any failure
/// (network cut, server restart, lease conflict) and after a restart of the CLI (URLs kept in the state file).
/// </summary>
internal sealed class DockUploads(DockSettings settings, TusClient tus, DockState state, string statePath)
{
    private const int MaxFailuresWithoutProgress = 30;

    public ConcurrentBag<string> Log { get; } = [];

    /// <summary>Each file's final status; throws when a file could not be sent.</summary>
    public async Task<IReadOnlyList<(DockFile File, TusClient.Status Status)>> RunAsync(IReadOnlyList<DockFile> files, ProgressContext progress,
        CancellationToken cancellationToken)
    {
        var overall = progress.AddTask($"[bold]all {files.Count} file(s)[/]", maxValue: Math.Max(1, files.Sum(f => f.Size)));
        var tasks = files.ToDictionary(f => f, f => progress.AddTask(Markup.Escape(f.Name), maxValue: Math.Max(1, f.Size)));
        void Refresh() => overall.Value = tasks.Values.Sum(t => t.Value);
        using var slots = new SemaphoreSlim(settings.Parallel);
        var results = await Task.WhenAll(files.Select(async file =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var status = await UploadAsync(file, state.Files[file.Name], tasks[file], Refresh, cancellationToken);
                tasks[file].Value = tasks[file].MaxValue;
                Refresh();
                return (file, status);
            }
            finally
            {
                slots.Release();
            }
        }));
        overall.Value = overall.MaxValue;
        return results;
    }

    private async Task<TusClient.Status> UploadAsync(DockFile file, DockFileState entry, ProgressTask task, Action refresh,
        CancellationToken cancellationToken)
    {
        var failures = 0;
        var first = true;
        while (true)
        {
            long offset = 0;
            try
            {
                if (entry.UploadUrl is null)
                {
                    entry.UploadUrl = await tus.CreateAsync(file.Size, Metadata(file), cancellationToken);
                    state.Save(statePath);
                }
                var status = await tus.HeadAsync(entry.UploadUrl, cancellationToken);
                if (status is null)
                {
                    Log.Add($"{file.Name}: the server no longer has the earlier upload; starting it again");
                    entry.UploadUrl = null;
                    continue;
                }
                offset = status.Offset;
                if (first && offset > 0) Log.Add($"{file.Name}: resumed at {offset:N0} of {file.Size:N0} bytes");
                first = false;
                task.Value = offset;
                refresh();
                if (offset == file.Size) return status;
                var done = await tus.PatchAsync(entry.UploadUrl, file.Path, offset, file.Size, n =>
                {
                    task.Increment(n);
                    refresh();
                }, settings.MaxRate, cancellationToken);
                if (done.Offset == file.Size) return done;
            }
            catch (Exception e) when (Retryable(e, cancellationToken))
            {
                failures = task.Value > offset ? 1 : failures + 1;
                if (failures > MaxFailuresWithoutProgress) throw;
                Log.Add($"{file.Name}: {e.Message} (retrying)");
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, 0.5 * (1 << Math.Min(failures, 5)))), cancellationToken);
            }
        }
    }

    private IEnumerable<(string, string?)> Metadata(DockFile file) =>
    [
        ("filename", file.Name), ("camera", settings.Camera), ("officer", settings.Officer), ("station", settings.Station),
        ("recorded_at", file.Modified.ToString("yyyy-MM-ddTHH:mm:ssZ")), ("sha256", file.Sha256), ("offload", state.Offload),
    ];

    private static bool Retryable(Exception e, CancellationToken cancellationToken) => e switch
    {
        TusException tus => tus.Retryable,
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
