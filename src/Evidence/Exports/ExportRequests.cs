using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Retention;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Exports;

/// <summary>
/// Creates exports, shares them, and asks again for one that failed for good. A request is checked whole before anything is written; then the export, its
/// items, the <c>export.created</c> event and one <c>recording.extracted</c> access event per item are written in one
/// transaction, a legal hold with the procedure number is placed on each recording, and the workers are notified.
/// </summary>
public sealed class ExportRequests(NpgsqlDataSource dataSource, ICustodyLedger ledger, AccessLog accessLog, LegalHolds holds,
    IOptions<ExportOptions> options, IOptions<EvidenceOptions> evidence, TimeProvider clock)
{
    public const string Created = "export.created";
    public const string Shared = "export.shared";
    public const string Retried = "export.retried";

    private sealed record Item(Guid Id, string Sha256, string? Camera, string Status);

    public async Task<(Guid? Id, ErrorDescriptor? Error, string Detail)> CreateAsync(
        CreateExportRequest request, CustodyActor actor, CancellationToken cancellationToken)
    {
        var procedure = request.Procedure?.Trim();
        var reason = request.Reason?.Trim();
        var motif = string.IsNullOrWhiteSpace(request.Motif) ? ConsultationMotif.Judiciaire : request.Motif.Trim();
        var probe = new AccessRecord(AccessLog.Extracted, actor, reason, procedure, null, "recording", "", null, null) { Motif = motif };
        if (AccessLog.Check(probe) is { } refused) return (null, refused.Error, refused.Detail);
        if (!ConsultationMotif.Staff.Contains(motif))
            return (null, EvidenceErrors.MotifRequired, $"An export's motif must be one of {string.Join(", ", ConsultationMotif.Staff)}.");
        if (procedure!.Length > 200) return (null, ExportErrors.BadExportRequest, "The procedure number must be at most 200 characters.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = request.Recordings?.Distinct().ToList() ?? [];
        if (request.CaseId is { } caseId)
        {
            var inCase = (await connection.QueryAsync<Guid>(new CommandDefinition(
                "SELECT recording_id FROM case_recordings WHERE case_id = @caseId ORDER BY recording_id", new { caseId },
                cancellationToken: cancellationToken))).ToList();
            if (inCase.Count == 0 && !await ExistsAsync(connection, "cases", caseId, cancellationToken))
                return (null, ExportErrors.CaseNotFound, $"No case has the id {caseId}.");
            ids.AddRange(inCase.Except(ids));
        }
        if (ids.Count == 0) return (null, ExportErrors.NoRecordings, "Choose at least one recording (recordings or caseId).");
        if (ids.Count > 10_000) return (null, ExportErrors.BadExportRequest, "An export holds at most 10,000 recordings.");

        var found = (await connection.QueryAsync<Item>(new CommandDefinition(
            "SELECT id, sha256, camera, status FROM recordings WHERE id = ANY(@ids)", new { ids = ids.ToArray() },
            cancellationToken: cancellationToken))).ToDictionary(r => r.Id);
        if (ids.FirstOrDefault(id => !found.ContainsKey(id)) is var missing && missing != Guid.Empty)
            return (null, EvidenceErrors.RecordingNotFound, $"No recording has the id {missing}.");
        if (ids.FirstOrDefault(id => found[id].Status == Recordings.RecordingStatus.Purged) is var purged && purged != Guid.Empty)
            return (null, EvidenceErrors.RecordingPurged, $"Recording {purged} was deleted by the retention policy.");
        if (motif == ConsultationMotif.Pedagogique && await WithoutAnonymisedCopyAsync(connection, ids, cancellationToken) is { } bare)
            return (null, ExportErrors.AnonymisedCopyRequired,
                $"Recording {bare} has no anonymised copy. A training (pédagogique) export carries only anonymised copies, never the original " +
                "(CSI R241-4: recordings used for training are « anonymisées »), and Cameras does not anonymise recordings automatically yet: " +
                "export it for a judicial, administrative or disciplinary procedure, or add an anonymised derivative first.");

        var exportId = Guid.CreateVersion7();
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO exports (id, case_id, procedure, reason, playback, created_by, motif)
                VALUES (@exportId, @caseId, @procedure, @reason, @playback, @by, @motif);
                INSERT INTO export_items (export_id, position, recording_id) SELECT @exportId, p - 1, r FROM unnest(@ids) WITH ORDINALITY AS u(r, p);
                """, new { exportId, caseId = request.CaseId, procedure, reason, playback = request.Playback, by = actor.Subject, ids = ids.ToArray(), motif },
                tx, cancellationToken: cancellationToken));
            await ledger.RecordAsync(new CustodyRecord(Created, "export", exportId.ToString(), null, actor, new JsonObject
            {
                ["procedure"] = procedure, ["reason"] = reason, ["playback"] = request.Playback, ["motif"] = motif,
                ["recordings"] = new JsonArray([.. ids.Select(id => (JsonNode)id.ToString())]),
            }), tx, cancellationToken);
            foreach (var id in ids)
                await accessLog.RecordAsync(probe with { ItemId = id.ToString(), Sha256 = found[id].Sha256, Camera = found[id].Camera,
                    Recipient = $"export:{exportId}" }, tx, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        // Holds come after: each locks its recording against the purge in its own transaction, as LegalHolds does.
        // A modification stated by the export itself: its motif, its reason (its author was asked for both, and a matricule).
        var hold = new TracedModification.Stated(actor, motif, $"export {exportId}: {reason}");
        foreach (var id in ids) await holds.PlaceAsync(id, procedure, hold, AccessScope.Everything, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @id)",
            new { channel = ExportCatalog.Requested, id = exportId.ToString() }, cancellationToken: cancellationToken));
        return (exportId, null, "");
    }

    /// <summary>Shares a sealed export with a magistrate; sharing again renews the link.</summary>
    public async Task<(ShareView? Share, ErrorDescriptor? Error, string Detail)> ShareAsync(
        Guid exportId, ShareRequest request, CustodyActor actor, CancellationToken cancellationToken)
    {
        var magistrate = request.Magistrate?.Trim();
        if (string.IsNullOrEmpty(magistrate) || magistrate.Length > 200)
            return (null, ExportErrors.BadExportRequest, "Name the magistrate (their token's subject), at most 200 characters.");
        var service = string.IsNullOrWhiteSpace(request.Service) ? null : request.Service.Trim();
        if (service is { Length: > 200 })
            return (null, ExportErrors.BadExportRequest, "The magistrate's service must be at most 200 characters.");
        var now = clock.GetUtcNow();
        var longest = now + options.Value.LinkLifetime;
        var expires = request.ExpiresAt is { } asked ? (asked < longest ? asked : longest) : longest;
        if (expires <= now) return (null, ExportErrors.BadExportRequest, "The link must expire in the future.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var export = await connection.QuerySingleOrDefaultAsync<(string Status, string? ManifestSha256, string Procedure, string? CaseService)?>(
            new CommandDefinition("""
                SELECT x.status, x.manifest_sha256, x.procedure, c.service FROM exports x LEFT JOIN cases c ON c.id = x.case_id
                WHERE x.id = @exportId FOR UPDATE OF x
                """, new { exportId }, tx, cancellationToken: cancellationToken));
        if (export is not { } e) return (null, ExportErrors.ExportNotFound, $"No export has the id {exportId}.");
        if (e.Status != "sealed") return (null, ExportErrors.NotSealed, $"Export {exportId} is {e.Status}; share it once sealed.");
        service ??= e.CaseService;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO export_shares (export_id, magistrate, shared_by, expires_at, service) VALUES (@exportId, @magistrate, @by, @expires, @service)
            ON CONFLICT (export_id, magistrate) DO UPDATE SET shared_by = @by, shared_at = now(), expires_at = @expires, service = @service
            """, new { exportId, magistrate, by = actor.Subject, expires = expires.UtcDateTime, service }, tx, cancellationToken: cancellationToken));
        // A communication: who shared, to whom (the magistrate's subject names them) and their service go to the register's
        // erasable personal part, never the leaf. Events written before this named the magistrate in details and still verify.
        await ledger.RecordAsync(new CustodyRecord(Shared, "export", exportId.ToString(), e.ManifestSha256, actor, new JsonObject
        {
            ["procedure"] = e.Procedure, ["expiresAt"] = expires.UtcDateTime.ToString("O"),
        }, TracedPersonal.For(actor, null, magistrate, now.AddDays(evidence.Value.Retention.AccessLogDays), service)), tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (new ShareView(magistrate, actor.Subject, now, expires, ExportCatalog.Link(exportId), service), null, "");
    }

    /// <summary>
    /// Puts an export that failed for good back in the queue, with a fresh set of attempts; the request, with the
    /// error it answers, is an <c>export.retried</c> event. Anything but a failed export is refused and left alone.
    /// </summary>
    public async Task<(ErrorDescriptor? Error, string Detail)> RetryAsync(Guid exportId, CustodyActor actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            var export = await connection.QuerySingleOrDefaultAsync<(string Status, string? Error, string Procedure, int Attempts)?>(
                new CommandDefinition("SELECT status, error, procedure, attempts FROM exports WHERE id = @exportId FOR UPDATE", new { exportId },
                    tx, cancellationToken: cancellationToken));
            if (export is not { } e) return (ExportErrors.ExportNotFound, $"No export has the id {exportId}.");
            if (e.Status != "failed")
                return (ExportErrors.NotFailed, $"Export {exportId} is {e.Status}; only a failed export can be built again.");
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exports SET status = 'pending', progress = 0, error = NULL, attempts = 0 WHERE id = @exportId", new { exportId }, tx,
                cancellationToken: cancellationToken));
            await ledger.RecordAsync(new CustodyRecord(Retried, "export", exportId.ToString(), null, actor, new JsonObject
            {
                ["procedure"] = e.Procedure, ["previousError"] = e.Error, ["previousAttempts"] = e.Attempts,
            }), tx, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @id)",
            new { channel = ExportCatalog.Requested, id = exportId.ToString() }, cancellationToken: cancellationToken));
        return (null, "");
    }

    /// <summary>The first of <paramref name="ids"/> that has no anonymised derivative, or null.</summary>
    private static async Task<Guid?> WithoutAnonymisedCopyAsync(NpgsqlConnection connection, IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
        await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition("""
            SELECT r FROM unnest(@ids) WITH ORDINALITY AS u(r, p)
            WHERE NOT EXISTS (SELECT 1 FROM derivatives d WHERE d.recording_id = u.r AND d.kind = 'anonymised') ORDER BY p LIMIT 1
            """, new { ids = ids.ToArray() }, cancellationToken: cancellationToken));

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, Guid id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id)", new { id },
            cancellationToken: cancellationToken));
}
