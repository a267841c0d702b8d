namespace Cameras.Transcode.Pipeline;

/// <summary>A step's failure, naming the step: the job marks that step failed and keeps its error.</summary>
public sealed class StepFailedException(string step, Exception inner) : Exception($"Step {step} failed: {inner.Message}", inner)
{
    public string Step { get; } = step;
}
