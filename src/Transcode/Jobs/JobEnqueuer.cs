using System.Linq.Expressions;
using Dapper;
using Hangfire;
using Hangfire.States;
using Npgsql;

namespace Cameras.Transcode.Jobs;

/// <summary>
/// Enqueues a piece of work (a recording's processing, an export's build, a feed's assembly) once: while the job
/// recorded for it in <c>job_enqueues</c> is still alive in Hangfire (enqueued, scheduled for a retry, processing,
/// also on a node that died, whose job Hangfire hands to another), announcing it again adds nothing; once that job
/// has ended, or was never made, a new one is. The check and the record are made under a transaction-scoped
/// advisory lock on the work's key, so nodes announcing the same work together make one job.
/// </summary>
public sealed class JobEnqueuer(NpgsqlDataSource dataSource, IBackgroundJobClient jobs, JobStorage storage)
{
    // Keeps these locks apart from the recordings' leases and any other advisory lock.
    private const int Namespace = 0x4A4F4253; // "JOBS"

    private static readonly HashSet<string> Alive = new(StringComparer.OrdinalIgnoreCase)
    {
        EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName,
    };

    /// <summary>Enqueues <paramref name="job"/> on <paramref name="queue"/> unless a job for (<paramref name="kind"/>, <paramref name="subject"/>) is alive; true when it did.</summary>
    public async Task<bool> EnqueueOnceAsync<TJob>(string kind, string subject, string queue, Expression<Func<TJob, Task>> job,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@ns, hashtext(@key))",
            new { ns = Namespace, key = kind + "/" + subject }, transaction, cancellationToken: cancellationToken));
        var existing = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT job_id FROM job_enqueues WHERE kind = @kind AND subject = @subject", new { kind, subject }, transaction,
            cancellationToken: cancellationToken));
        if (existing is not null && IsAlive(existing)) return false;
        // Hangfire writes the job through its own connection: should this node die before the commit below, the job
        // runs, and a later announcement may queue a second one, which finds the work done or leased and leaves.
        // The queue goes on the job itself, not only on its first state: a retry enqueues it again there, not in
        // Hangfire's "default" queue, which no worker of ours serves.
        var id = jobs.Enqueue(queue, job);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO job_enqueues (kind, subject, job_id) VALUES (@kind, @subject, @id)
            ON CONFLICT (kind, subject) DO UPDATE SET job_id = excluded.job_id, enqueued_at = now()
            """, new { kind, subject, id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Whether the job last enqueued for (<paramref name="kind"/>, <paramref name="subject"/>) is alive (may still run).</summary>
    public async Task<bool> HasLiveJobAsync(string kind, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var existing = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT job_id FROM job_enqueues WHERE kind = @kind AND subject = @subject", new { kind, subject },
            cancellationToken: cancellationToken));
        return existing is not null && IsAlive(existing);
    }

    private bool IsAlive(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State is { } state && Alive.Contains(state);
    }
}
