using Npgsql;

namespace Cameras.Ingest.Tests;

/// <summary>The steps of completion a test cuts (UploadCompletion).</summary>
public enum CompletionStep
{
    /// <summary>The file is hashed and matches; 'completing' is being recorded. Nothing has moved.</summary>
    AfterHashCheck,
    /// <summary>The file is in the store, the staging file gone; the registering transaction begins.</summary>
    AfterMoveIntoStore,
    /// <summary>The recording and its custody event are inserted, not committed; the upload is being marked stored.</summary>
    InsideRegistration,
    /// <summary>The registration is committed; the server reads the upload back to answer.</summary>
    BeforeReceipt,
}

/// <summary>
/// Holds a server's completion of one upload at one step with PostgreSQL's own locks, so a test can cut it there with a
/// real fault (its backend terminated, or the server killed) and no hook in the server: a trigger on the statement of
/// that step waits for an advisory lock the test holds; for <see cref="CompletionStep.BeforeReceipt"/>, a table lock
/// queued behind the registering transaction catches the read that follows its commit.
/// </summary>
public sealed class CompletionHold : IAsyncDisposable
{
    private const long Key = 4242;
    private readonly NpgsqlConnection _holder;
    private readonly string _connectionString;
    private readonly string _trigger;
    private NpgsqlConnection? _tableLock;
    private Task? _tableLockTaken;

    private CompletionHold(NpgsqlConnection holder, string connectionString, CompletionStep step, string trigger)
    {
        _holder = holder;
        _connectionString = connectionString; // the open connection's own string no longer holds the password
        Step = step;
        _trigger = trigger;
    }

    public CompletionStep Step { get; }

    public static Task<CompletionHold> PlaceAsync(string connectionString, CompletionStep step, Guid upload, string sha256) => step switch
    {
        CompletionStep.AfterHashCheck => PlaceAsync(connectionString, step, upload, "uploads", $"NEW.id = '{upload}' AND NEW.state = 'completing'"),
        CompletionStep.AfterMoveIntoStore => PlaceAsync(connectionString, step, upload, "recordings", $"NEW.sha256 = '{sha256}'"),
        _ => PlaceAsync(connectionString, step, upload, "uploads", $"NEW.id = '{upload}' AND NEW.state = 'stored'"),
    };

    /// <summary>Holds the first checkpoint of a PATCH (the durable offset being recorded mid-body), before completion.</summary>
    public static Task<CompletionHold> OnCheckpointAsync(string connectionString, Guid upload) => PlaceAsync(connectionString,
        CompletionStep.AfterHashCheck, upload, "uploads", $"NEW.id = '{upload}' AND NEW.\"offset\" > OLD.\"offset\" AND NEW.state = 'receiving'");

    private static async Task<CompletionHold> PlaceAsync(string connectionString, CompletionStep step, Guid upload, string table, string when)
    {
        var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        var trigger = $"hold_{upload:n}";
        await ExecuteAsync(holder, $"""
            SELECT pg_advisory_lock({Key});
            CREATE OR REPLACE FUNCTION hold_completion() RETURNS trigger LANGUAGE plpgsql AS
                'BEGIN PERFORM pg_advisory_xact_lock_shared({Key}); RETURN NEW; END';
            CREATE TRIGGER {trigger} BEFORE {(table == "recordings" ? "INSERT" : "UPDATE")} ON {table}
                FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION hold_completion();
            """);
        return new CompletionHold(holder, connectionString, step, $"{trigger} ON {table}");
    }

    /// <summary>Waits until the server's completion is held at the step; returns the server backend held there.</summary>
    public async Task<int> HeldAsync()
    {
        var pid = await WaitingAsync("wait_event = 'advisory'");
        if (Step != CompletionStep.BeforeReceipt) return pid;
        // Queued behind the registering transaction, this lock is granted the moment it commits, before the server
        // reads the upload back to answer: the server is then held between its commit and its answer.
        var tableLock = new NpgsqlConnection(_connectionString);
        await tableLock.OpenAsync();
        _tableLock = tableLock;
        await ExecuteAsync(_tableLock, "BEGIN");
        _tableLockTaken = ExecuteAsync(_tableLock, "LOCK TABLE uploads IN ACCESS EXCLUSIVE MODE");
        await WaitingAsync("wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE uploads%'");
        await ExecuteAsync(_holder, $"SELECT pg_advisory_unlock({Key})");
        await _tableLockTaken;
        return await WaitingAsync("wait_event_type = 'Lock' AND query LIKE '%FROM uploads WHERE id%'");
    }

    public async Task TerminateAsync(int pid) => await ExecuteAsync(_holder, $"SELECT pg_terminate_backend({pid})");

    /// <summary>Lets completion through again: the trigger gone, the locks released.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_tableLock is not null)
            {
                if (_tableLockTaken is not null) await _tableLockTaken;
                await ExecuteAsync(_tableLock, "ROLLBACK");
            }
        }
        finally
        {
            if (_tableLock is not null) await _tableLock.DisposeAsync();
            // Always, even when the test failed: a hold left in place would stop every later completion of this database.
            await ExecuteAsync(_holder, $"DROP TRIGGER IF EXISTS {_trigger}; SELECT pg_advisory_unlock_all()");
            await _holder.DisposeAsync();
        }
    }

    private async Task<int> WaitingAsync(string condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var command = new NpgsqlCommand($"""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND {condition} LIMIT 1
                """, _holder);
            if (await command.ExecuteScalarAsync() is int pid) return pid;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No backend of the server came to wait at {Step} ({condition}).");
            await Task.Delay(50);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
