using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Retention;

/// <summary>
/// Erases the personal data of traced operations at the end of its term (CSI R241-5: « conservées trois ans »,
/// Cameras:Retention:AccessLogDays), and that of a recording's or a live feed's own events when the retention purge ends it (R241-4).
/// Only ledger_personal changes: the ledger rows and their leaves stay, each still committing to what was erased,
/// so the ledger verifies and tells an erased part from a deleted or altered one. The table's trigger refuses an
/// erasure before its term, whoever asks.
/// <para>
/// The same pass erases the operational tables' copies of the same facts (<see cref="EraseNamesAsync"/>), so that none
/// outlives the register's: see docs/CONFORMITE.md.
/// </para>
/// </summary>
public sealed class PersonalErasure(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<EvidenceOptions> options)
{
    private const int Batch = 10_000;

    private const string Erase = "fields = NULL, salt = NULL, matricule = NULL, erased_at = now()";

    /// <summary>What one pass erased: ledger personal parts, and operational rows that lost a person's name.</summary>
    public sealed record Pass(long Parts, long Names);

    /// <summary>The daily pass: the ledger's parts past their term, then the operational copies (<see cref="EraseNamesAsync"/>).</summary>
    public async Task<Pass> EraseAllDueAsync(CancellationToken cancellationToken) =>
        new(await EraseDueAsync(cancellationToken), await EraseNamesAsync(cancellationToken));

    /// <summary>
    /// Erases the names the operational tables keep of people, once the register's copy of the same fact is past its
    /// term (AccessLogDays, by the server's clock) and the row is no right in force:
    /// <list type="bullet">
    /// <item>a share that has expired and was made more than the term ago loses its magistrate and the sharer (the row
    /// stays, « effacé », for the export's history; it matches no subject, so it gives nobody access);</item>
    /// <item>an export or a case requested more than the term ago loses its author (<c>created_by</c>);</item>
    /// <item>a case opened more than the term ago whose recordings have all been purged loses its viewers: there is
    /// nothing left to see, and a grant while a recording remains is an access right in force, not a trace.</item>
    /// </list>
    /// </summary>
    /// <returns>how many rows lost a name</returns>
    public async Task<long> EraseNamesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = clock.GetUtcNow().AddDays(-options.Value.Retention.AccessLogDays).UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var shares = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE export_shares SET magistrate = NULL, shared_by = NULL
            WHERE magistrate IS NOT NULL AND expires_at <= @now AND shared_at <= @before
            """, new { now, before }, tx, cancellationToken: cancellationToken));
        var exports = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exports SET created_by = NULL WHERE created_by IS NOT NULL AND created_at <= @before",
            new { before }, tx, cancellationToken: cancellationToken));
        var cases = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE cases SET created_by = NULL WHERE created_by IS NOT NULL AND created_at <= @before",
            new { before }, tx, cancellationToken: cancellationToken));
        var viewers = await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM case_viewers v USING cases c
            WHERE c.id = v.case_id AND c.created_at <= @before
              AND NOT EXISTS (SELECT 1 FROM case_recordings cr JOIN recordings r ON r.id = cr.recording_id
                              WHERE cr.case_id = c.id AND r.status <> 'purged')
            """, new { before }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return shares + exports + cases + viewers;
    }

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
