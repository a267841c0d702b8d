namespace Cameras.Transcode.Pipeline;

/// <summary>A local file's size and SHA-256, and the time it was last written when they were taken.</summary>
public sealed record FileDigest(long Size, string Sha256, DateTime LastWriteUtc)
{
    /// <summary>Whether the file at <paramref name="path"/> is still the one that was hashed.</summary>
    public bool StillMatches(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length == Size && file.LastWriteTimeUtc == LastWriteUtc;
    }
}
