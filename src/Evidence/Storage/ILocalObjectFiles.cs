namespace Cameras.Evidence.Storage;

/// <summary>
/// A store whose objects are files on this machine can hand their path to tools that need to seek
/// (ffmpeg on an MP4 whose index is at the end), sparing a copy. Detected with <c>is</c>.
/// </summary>
public interface ILocalObjectFiles
{
    /// <summary>The path of a committed object's file, or null when there is none.</summary>
    string? LocalPath(string key);
}
