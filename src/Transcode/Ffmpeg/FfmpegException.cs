namespace Cameras.Transcode.Ffmpeg;

/// <summary>ffmpeg or ffprobe ended in failure; carries the end of what it wrote on stderr, which says why.</summary>
public sealed class FfmpegException(string tool, int exitCode, string stderrTail)
    : Exception($"{tool} exited with code {exitCode}: {LastLine(stderrTail)}")
{
    public int ExitCode { get; } = exitCode;

    public string StderrTail { get; } = stderrTail;

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no message)";
}
