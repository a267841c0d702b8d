using System.Buffers;
using System.Security.Cryptography;

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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int n;
            while ((n = await file.ReadAsync(buffer.AsMemory(0, 1 << 20), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                progress(n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
