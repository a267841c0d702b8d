namespace Cameras.Transcode.Jobs;

/// <summary>
/// How often a failed job is tried again, and how soon: <paramref name="Retries"/> more attempts, the first after
/// <paramref name="FirstDelay"/>, each later one three times as long after the one before. Carried by the job as an
/// argument (read by <see cref="RetryWithBackoffAttribute"/>), so that each deployment, or test, chooses its own.
/// </summary>
public sealed record JobRetries(int Retries, TimeSpan FirstDelay)
{
    public const double Factor = 3.0;

    /// <summary>
    /// The default of every queue's policy (<c>Cameras:Transcode:RecordingRetries</c>, <c>LiveRetries</c>,
    /// <c>Cameras:Exports:BuildRetries</c> and their delays): three retries, 5 s, 15 s, 45 s after each failure.
    /// </summary>
    public static JobRetries Default { get; } = new(3, TimeSpan.FromSeconds(5));

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry) => FirstDelay * Math.Pow(Factor, retry - 1);
}
