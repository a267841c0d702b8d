namespace Cameras.Transcode.Pipeline;

/// <summary>A step's failure, naming the step: with steps running side by side, the job must know which one failed.</summary>
public sealed class StepFailedException(string step, Exception inner) : Exception($"Step {step} failed: {inner.Message}", inner)
{
    public string Step { get; } = step;
}
