using Cameras.Transcode.Ffmpeg;

namespace Cameras.Transcode.Pipeline;

/// <summary>What one run of a recording's pipeline carries from step to step.</summary>
public sealed class PipelineContext(RecordingToProcess recording, OriginalFile original, Func<string, double, Task> reportPercent)
{
    public RecordingToProcess Recording { get; } = recording;

    public OriginalFile Original { get; } = original;

    /// <summary>Set by the probe step (or read back from the catalog when it ran in an earlier attempt).</summary>
    public MediaProbe? Probe { get; set; }

    /// <summary>Reports how far <paramref name="step"/> has got, in percent.</summary>
    public Task ReportAsync(string step, double percent) => reportPercent(step, percent);
}
