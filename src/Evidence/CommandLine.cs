using System.Text;

namespace Cameras.Evidence;

/// <summary>
/// An argument vector as one command line and back, by the rules .NET applies when it starts a process from a single
/// string (FFMpegCore hands ffmpeg one string): Transcode's runs and Ingest's live ffmpeg build their custom arguments
/// with <see cref="Join"/> and check with <see cref="SplitExactly"/> that ffmpeg receives exactly the vector meant.
/// </summary>
public static class CommandLine
{
    /// <summary>Arguments joined as one command line that splits back into exactly themselves (the rules .NET applies on start).</summary>
    public static string Join(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(Quote));

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && !argument.Any(c => c is ' ' or '\t' or '"' or '\n')) return argument;
        var quoted = new StringBuilder("\"");
        for (var i = 0; i < argument.Length; i++)
        {
            var backslashes = 0;
            while (i < argument.Length && argument[i] == '\\') { backslashes++; i++; }
            if (i == argument.Length) { quoted.Append('\\', backslashes * 2); break; }
            if (argument[i] == '"') quoted.Append('\\', backslashes * 2 + 1).Append('"');
            else quoted.Append('\\', backslashes).Append(argument[i]);
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>How .NET splits a command line into the argument vector of the process it starts (on every platform).</summary>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var arguments = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < commandLine.Length && commandLine[i] is ' ' or '\t') i++;
            if (i == commandLine.Length) return arguments;
            var current = new StringBuilder();
            var inQuotes = false;
            while (i < commandLine.Length)
            {
                var c = commandLine[i];
                if (c == '\\')
                {
                    var count = 0;
                    while (i < commandLine.Length && commandLine[i] == '\\') { count++; i++; }
                    if (i < commandLine.Length && commandLine[i] == '"')
                    {
                        current.Append('\\', count / 2);
                        if (count % 2 == 1) { current.Append('"'); i++; }
                    }
                    else current.Append('\\', count);
                    continue;
                }
                if (c == '"')
                {
                    if (inQuotes && i + 1 < commandLine.Length && commandLine[i + 1] == '"') { current.Append('"'); i += 2; continue; }
                    inQuotes = !inQuotes;
                    i++;
                    continue;
                }
                if (c is ' ' or '\t' && !inQuotes) break;
                current.Append(c);
                i++;
            }
            arguments.Add(current.ToString());
        }
    }

    /// <summary>The vector <paramref name="commandLine"/> splits into, when it is exactly <paramref name="meant"/>.</summary>
    public static IReadOnlyList<string> SplitExactly(string commandLine, IReadOnlyList<string> meant)
    {
        var split = Split(commandLine);
        return split.SequenceEqual(meant, StringComparer.Ordinal) ? split
            : throw new InvalidOperationException($"ffmpeg would not receive the arguments meant: {commandLine}");
    }
}
