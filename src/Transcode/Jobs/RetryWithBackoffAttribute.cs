using Hangfire.Common;
using Hangfire;
using Hangfire.States;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Retries a failed job under the <see cref="JobRetries"/> it carries as an argument, through Hangfire's own
/// <see cref="AutomaticRetryAttribute"/> (it reschedules the job and counts attempts in the job's RetryCount); once
/// they are used up the job stays failed, with its exception, in the dashboard. Put beside
/// <c>[AutomaticRetry(Attempts = 0)]</c>, which turns Hangfire's global default (ten retries) off for the job.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RetryWithBackoffAttribute : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed || failed.Exception is JobFailedForGoodException) return;
        var retries = context.BackgroundJob.Job.Args.OfType<JobRetries>().FirstOrDefault() ?? JobRetries.Default;
        if (retries.Retries == 0) return;
        new AutomaticRetryAttribute
        {
            Attempts = retries.Retries,
            DelayInSecondsByAttemptFunc = attempt => (int)Math.Ceiling(retries.DelayBefore((int)attempt).TotalSeconds),
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        }.OnStateElection(context);
    }

    /// <summary>Retries done before this attempt (0 on the first).</summary>
    public static int RetriesSoFar(Hangfire.Server.PerformContext? context) =>
        context?.GetJobParameter<int>("RetryCount") ?? 0;
}
