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
}

/// <summary>An input of an <see cref="FfmpegCommand"/>: the options before its <c>-i</c>, and its path.</summary>
public sealed record FfmpegInput(IReadOnlyList<string> Options, string Path);
