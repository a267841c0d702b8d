namespace Cameras.Transcode.Jobs;

/// <summary>An attempt at a job failed in a way a retry may mend; Hangfire shows its message, and retries under the job's <see cref="JobRetries"/>.</summary>
public sealed class JobFailedException(string message, Exception? inner = null) : Exception(message, inner);
