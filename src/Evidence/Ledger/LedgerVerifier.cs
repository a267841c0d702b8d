using System.Security.Cryptography;
using System.Text;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Storage;
using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// Re-walks the whole ledger: recomputes every leaf hash from its row and the tree from the leaves, checks every
/// checkpoint's signature and root (rows and write-once objects), and compares each leaf with the copy kept in the
/// object store. Trusts nothing stored in the database except as something to check.
/// </summary>
public sealed class LedgerVerifier(NpgsqlDataSource dataSource, IObjectStore store, ECDsa publicKey)
{
    public Task<LedgerVerdict> VerifyAsync(CancellationToken cancellationToken) => VerifyAsync(null, cancellationToken);

    /// <param name="progress">told the number of events checked, every 100,000</param>
    public async Task<LedgerVerdict> VerifyAsync(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var report = new Report();
        var signed = await ReadObjectCheckpointsAsync(report, cancellationToken);
        var leaves = await LeafCopies.ReadAsync(store, report, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Every database read below sees one snapshot: on a live server the sequencer keeps appending events and tree
        // nodes, and nodes read after the events would include some past them, reported as differing (a false alarm).
        // What was read from the object store before it is older still, so it names only events the snapshot holds.
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        foreach (var (size, row) in await CheckpointStore.AllAsync(connection, cancellationToken))
        {
            if (row is null || row.Size != size) report.Problem($"checkpoint {size} in the database is not a well-formed checkpoint note");
            else if (!row.IsSignedBy(publicKey)) report.Problem($"checkpoint {size} in the database: its signature does not verify (replaced or forged)");
            else if (!signed.TryGetValue(size, out var kept)) report.Problem($"checkpoint {size} is in the database but not in the object store");
            else if (!kept.RootHash.AsSpan().SequenceEqual(row.RootHash)) report.Problem($"checkpoint {size}: the database and the object store disagree");
        }
        var nodes = new NodeCheck();
        var range = new CompactRange(nodes.Created);
        long expected = 0, lastGood = 0;
        var treeBroken = false;
        // For a personal part that ends with its subject: whether the subject's purge (a recording's, a feed's) is in the ledger.
        await using (var command = new NpgsqlCommand($"""
            SELECT {LedgerEventReader.Columns},
                   CASE WHEN e.personal_sha256 IS NOT NULL AND e.personal_until IS NULL THEN EXISTS (
                       SELECT 1 FROM custody_events p WHERE p.subject_kind = e.subject_kind AND p.subject_id = e.subject_id
                           AND p.action IN ({string.Join(", ", RetentionPurge.SubjectEnds.Select(a => $"'{a}'"))})) END
            FROM {LedgerEventReader.From} WHERE e.seq IS NOT NULL ORDER BY e.seq
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = LedgerEventReader.Read(reader);
                if (row.Seq != expected)
                {
                    report.Bad(expected, $"event {expected} is missing (the next event found is {row.Seq})");
                    treeBroken = true;
                }
                var leaf = row.LeafHash();
                if (!leaf.AsSpan().SequenceEqual(LedgerEventReader.StoredLeafHash(reader)))
                    report.Bad(row.Seq, $"event {row.Seq}: its content does not match the leaf hash it was sequenced with");
                if (leaves.Find(row.Seq) is { } kept && !leaf.AsSpan().SequenceEqual(kept))
                    report.Bad(row.Seq, $"event {row.Seq}: its content does not match the leaf hash kept in the object store");
                if (row.PersonalSha256 is not null)
                    CheckPersonal(row, LedgerEventReader.Personal(reader), !reader.IsDBNull(17) && reader.GetBoolean(17), report);
                expected = row.Seq + 1;
                if (expected % 100_000 == 0) progress?.Report(expected);
                if (treeBroken) continue;
                range.Append(leaf);
                if (!signed.TryGetValue(range.Size, out var checkpoint)) continue;
                if (checkpoint.RootHash.AsSpan().SequenceEqual(range.GetRootHash())) lastGood = range.Size;
                else
                {
                    // Named by an event check already, or narrowed here to the events since the last checkpoint that matched.
                    var text = $"checkpoint {range.Size}: the tree recomputed from the events has another root; the change is among events {lastGood} to {range.Size - 1}";
                    if (report.FirstBad is null) report.Bad(lastGood, text); else report.Problem(text);
                }
            }
        }
        if (!treeBroken) await nodes.CompareAsync(connection, report, cancellationToken);
        foreach (var size in signed.Keys.Where(s => s > expected))
            report.Bad(expected, $"checkpoint {size} covers {size} events but the ledger holds only {expected}: events from {expected} are missing");
        if (leaves.End > expected)
            report.Bad(expected, $"the object store keeps leaf hashes up to event {leaves.End - 1} but the ledger ends at {expected - 1}");

        await using var pendingCommand = new NpgsqlCommand("SELECT count(*) FROM custody_events WHERE seq IS NULL", connection);
        var pending = (long)(await pendingCommand.ExecuteScalarAsync(cancellationToken))!;
        return report.Verdict(expected, pending, signed.Count);
    }

    /// <summary>
    /// An event's personal part must hash to the commitment in its leaf, or have been erased, and erased only at the
    /// end of the term its leaf names (or after its subject's purge, for a part that ends with its recording or feed).
    /// </summary>
    private static void CheckPersonal(LedgerEvent row, StoredPersonal personal, bool subjectPurged, Report report)
    {
        if (!personal.Exists)
            report.Bad(row.Seq, $"event {row.Seq}: its personal data is missing without an erasure (deleted)");
        else if (!personal.Erased)
        {
            if (PersonalPart.Commitment(personal.Salt!, personal.Fields!) != row.PersonalSha256)
                report.Bad(row.Seq, $"event {row.Seq}: its personal data does not match the commitment in its leaf (altered)");
        }
        else if (row.PersonalUntil is { } until ? personal.ErasedAt < until : !subjectPurged)
            report.Bad(row.Seq, $"event {row.Seq}: its personal data was erased before the end of its term");
        else report.Erased();
    }

    private async Task<SortedDictionary<long, Checkpoint>> ReadObjectCheckpointsAsync(Report report, CancellationToken cancellationToken)
    {
        var signed = new SortedDictionary<long, Checkpoint>();
        await foreach (var info in store.ListAsync("ledger/checkpoints/", cancellationToken))
        {
            await using var stream = await store.OpenReadAsync(info.Key, 0, null, cancellationToken);
            using var text = new StreamReader(stream, Encoding.UTF8);
            var checkpoint = Checkpoint.Parse(await text.ReadToEndAsync(cancellationToken));
            if (checkpoint is null || Checkpoint.ObjectKey(checkpoint.Size) != info.Key)
                report.Problem($"object {info.Key} is not a well-formed checkpoint note");
            else if (!checkpoint.IsSignedBy(publicKey))
                report.Problem($"checkpoint {checkpoint.Size} in the object store: its signature does not verify (replaced or forged)");
            else signed[checkpoint.Size] = checkpoint;
        }
        return signed;
    }

    /// <summary>Collects problems; the first bad event is the smallest sequence number named.</summary>
    internal sealed class Report
    {
        private readonly List<string> _problems = [];
        private long? _firstBad;
        private long _erased;

        /// <summary>Counts an event whose personal data was erased at the end of its term: not a problem.</summary>
        public void Erased() => _erased++;

        public long? FirstBad => _firstBad;

        public void Problem(string text) => _problems.Add(text);

        public void Bad(long seq, string text)
        {
            _problems.Add(text);
            if (_firstBad is null || seq < _firstBad) _firstBad = seq;
        }

        public LedgerVerdict Verdict(long events, long pending, int checkpoints) =>
            new(_problems.Count == 0, events, pending, checkpoints, _firstBad, _problems, _erased);
    }
}
