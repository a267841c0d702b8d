using Cameras.Evidence.Storage;

namespace Cameras.Dock;

/// <summary>Finds the recordings in a dock folder and hashes them (reusing hashes the state file remembers).</summary>
public static class RecordingFinder
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
        { ".mp4", ".mov", ".mkv", ".m4v", ".avi", ".ts", ".mts", ".m2ts", ".3gp", ".webm" };

    public static List<FileInfo> Find(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(f.Extension) && !f.Name.StartsWith('.'))
            .OrderBy(f => f.FullName, StringComparer.Ordinal).ToList();

    public static async Task<string> HashAsync(string path, Action<long> progress, CancellationToken cancellationToken)
    {
        await using var file = StreamSha256.OpenSequential(path);
        var digest = await StreamSha256.HashAsync(file, block =>
        {
            progress(block.Length);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        return digest.Sha256;
    }
}
