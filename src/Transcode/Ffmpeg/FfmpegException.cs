namespace Cameras.Transcode.Ffmpeg;

/// <summary>ffmpeg or ffprobe ended in failure; carries the end of what it wrote on stderr, which says why.</summary>
public sealed class FfmpegException(string tool, string stderrTail)
    : Exception($"{tool} failed: {LastLine(stderrTail)}")
{
    public string StderrTail { get; } = stderrTail;

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no message)";
}
