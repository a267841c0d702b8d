using System.Globalization;
using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Review;

/// <summary>
/// Bookmarks on a recording. Each is a custody event (<c>bookmark.added</c>, about the recording) and a row of its
/// searchable copy, written in one transaction: either both exist or neither. A modification in the register
/// (<see cref="TracedModification"/>): its motif in the event's leaf; its author's names and its note, the modification's
/// words, in the event's personal part (<see cref="AccessLog.AuthorOf"/>), erased at the end of the access log's term.
/// The row keeps the note for the recording's review (search, strip, timeline).
/// </summary>
public sealed class Bookmarks(NpgsqlDataSource dataSource, ICustodyLedger ledger, AccessLog accessLog)
{
    public const string Added = "bookmark.added";

    private const string Columns = """
        id, recording_id AS RecordingId, at_seconds AS AtSeconds, until_seconds AS UntilSeconds, note,
        created_by AS CreatedBy, created_at AS CreatedAt
        """;

    private sealed record Row(Guid Id, Guid RecordingId, double AtSeconds, double? UntilSeconds, string Note, string CreatedBy, DateTime CreatedAt)
    {
        public Bookmark ToBookmark() => new(Id, RecordingId, AtSeconds, UntilSeconds, Note, CreatedBy, new DateTimeOffset(CreatedAt, TimeSpan.Zero));
    }

    public async Task<IReadOnlyList<Bookmark>> ListAsync(Guid recordingId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM bookmarks WHERE recording_id = @recordingId ORDER BY at_seconds, created_at", new { recordingId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToBookmark()).ToList();
    }

    /// <summary>Adds a bookmark to a recording known to exist (<paramref name="sha256"/> is its original's).</summary>
    /// <param name="stated">the modification as stated: its reason is the bookmark's note</param>
    public async Task<Bookmark> AddAsync(Guid recordingId, string sha256, double at, double? until, TracedModification.Stated stated,
        CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition($"""
            INSERT INTO bookmarks (id, recording_id, at_seconds, until_seconds, note, created_by)
            VALUES (@id, @recordingId, @at, @until, @note, @by) RETURNING {Columns}
            """, new { id, recordingId, at, until, note = stated.Reason, by = stated.Actor.Subject }, tx, cancellationToken: cancellationToken));
        // The ledger's canonical JSON holds integers only: times go in as decimal strings, as the probe's duration does.
        var details = new JsonObject
        {
            ["bookmark"] = id.ToString(), ["at_seconds"] = at.ToString("0.###", CultureInfo.InvariantCulture), ["motif"] = stated.Motif,
        };
        if (until is { } u) details["until_seconds"] = u.ToString("0.###", CultureInfo.InvariantCulture);
        await ledger.RecordAsync(new CustodyRecord(Added, "recording", recordingId.ToString(), sha256, stated.Actor, details,
            accessLog.AuthorOf(stated.Actor, stated.Reason)), tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return row.ToBookmark();
    }
}
