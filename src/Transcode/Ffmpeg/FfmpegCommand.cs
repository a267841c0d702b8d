using System.Text;

namespace Cameras.Transcode.Ffmpeg;

/// <summary>
/// One ffmpeg command line as the pipeline means it, in FFMpegCore's terms: inputs (each with the options that go
/// before its <c>-i</c>), then the options of the output and its path (a command with two outputs carries the first,
/// options and path, among the options of the last). <see cref="Tokens"/> is its argument vector, the one ffmpeg
/// receives (<see cref="FfmpegTool"/> refuses to run a command line that would split otherwise) and the one the lineage
/// records. Paths may be the placeholders <c>{input}</c> and <c>{output}</c> (see <see cref="Resolve"/>).
/// </summary>
public sealed record FfmpegCommand(IReadOnlyList<FfmpegInput> Inputs, IReadOnlyList<string> OutputOptions, string Output)
{
    /// <summary>
    /// Options every run starts with: no banner, no keyboard, errors only on stderr, and progress as key=value lines
    /// on stderr, where FFMpegCore reads <c>out_time=</c> for its progress notification.
    /// </summary>
    public static IReadOnlyList<string> Prefix { get; } = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-progress", "pipe:2"];

    /// <summary>The argument vector: <see cref="Prefix"/>, the inputs, the output.</summary>
    public IReadOnlyList<string> Tokens =>
    [
        .. Prefix,
        .. Inputs.SelectMany(i => (IEnumerable<string>)[.. i.Options, "-i", i.Path]),
        .. OutputOptions, Output,
    ];

    /// <summary>This command with <c>{input}</c> (a whole argument) and <c>{output}</c> (anywhere in one) replaced by the paths of a run.</summary>
    public FfmpegCommand Resolve(string input, string output)
    {
        string Path(string a) => a == "{input}" ? input : a.Replace("{output}", output, StringComparison.Ordinal);
        return new FfmpegCommand([.. Inputs.Select(i => new FfmpegInput([.. i.Options.Select(Path)], Path(i.Path)))],
            [.. OutputOptions.Select(Path)], Path(Output));
    }

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
}

/// <summary>An input of an <see cref="FfmpegCommand"/>: the options before its <c>-i</c>, and its path.</summary>
public sealed record FfmpegInput(IReadOnlyList<string> Options, string Path);
