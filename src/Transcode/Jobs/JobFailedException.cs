namespace Cameras.Transcode.Jobs;

/// <summary>An attempt at a job failed in a way a retry may mend; Hangfire shows its message, and retries under the job's <see cref="JobRetries"/>.</summary>
public sealed class JobFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A job that failed in a way no retry mends, or whose last retry failed: it stays failed, with this message,
/// in the dashboard (<see cref="RetryWithBackoffAttribute"/> does not retry it).</summary>
public sealed class JobFailedForGoodException(string message, Exception? inner = null) : Exception(message, inner);
