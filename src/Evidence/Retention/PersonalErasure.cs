using Dapper;
using Npgsql;

namespace Cameras.Evidence.Retention;

/// <summary>
/// Erases the personal data of traced operations at the end of its term (CSI R241-5: « conservées trois ans »,
/// Cameras:Retention:AccessLogDays), and that of a recording's or a live feed's own events when the retention purge ends it (R241-4).
/// Only ledger_personal changes: the ledger rows and their leaves stay, each still committing to what was erased,
/// so the ledger verifies and tells an erased part from a deleted or altered one. The table's trigger refuses an
/// erasure before its term, whoever asks.
/// </summary>
public sealed class PersonalErasure(NpgsqlDataSource dataSource)
{
    private const int Batch = 10_000;

    private const string Erase = "fields = NULL, salt = NULL, matricule = NULL, erased_at = now()";

    /// <summary>Erases every part whose term has ended, in batches (one short transaction each); returns how many.</summary>
    public async Task<long> EraseDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long total = 0;
        for (int n; (n = await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE ledger_personal SET {Erase}
            WHERE event_id IN (SELECT event_id FROM ledger_personal
                               WHERE erased_at IS NULL AND erase_after <= now()
                               LIMIT {Batch} FOR UPDATE SKIP LOCKED)
            """, cancellationToken: cancellationToken))) > 0;)
            total += n;
        return total;
    }

    /// <summary>
    /// Erases the parts that end with their subject (a recording, a live feed), inside the purge's transaction: after
    /// its <c>recording.purged</c> or <c>live.feed.purged</c> event, which the trigger looks for.
    /// </summary>
    public static Task<int> EraseForSubjectAsync(NpgsqlTransaction transaction, string subjectKind, string subjectId,
        CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition($"""
            UPDATE ledger_personal lp SET {Erase}
            FROM custody_events e
            WHERE e.id = lp.event_id AND e.subject_kind = @subjectKind AND e.subject_id = @subjectId
              AND lp.erase_after IS NULL AND lp.erased_at IS NULL
            """, new { subjectKind, subjectId }, transaction, cancellationToken: cancellationToken));
}
