using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Access;

/// <summary>
/// The access log: every consultation, extraction and disclosure becomes a custody event in the ledger, so the
/// log is as tamper-evident as the rest of the history. A consultation needs a reason and a motif; an extraction or a
/// disclosure also needs a procedure number. Who (by name), why (in words) and for whom go into the event's personal
/// part, kept Cameras:Retention:AccessLogDays and then erased (R241-5); what (the motif among the listed ones) and
/// when stay in the leaf.
/// </summary>
public sealed class AccessLog(ICustodyLedger ledger, IOptions<EvidenceOptions> options, TimeProvider clock)
{
    public const string Viewed = "recording.viewed";
    public const string Extracted = "recording.extracted";
    public const string Disclosed = "export.disclosed";
    public const string FeedViewed = "feed.viewed";

    /// <summary>The error to answer with when <paramref name="record"/> lacks what its kind of access requires; null when complete.</summary>
    public static (ErrorDescriptor Error, string Detail)? Check(AccessRecord record)
    {
        if (IdentityProblem(record) is { } identity) return identity;
        if (string.IsNullOrWhiteSpace(record.Reason))
            return (EvidenceErrors.ReasonRequired,
                "Say why you consult this item: give a reason (query parameter 'reason' or header X-Reason). Every access is logged.");
        if (record.Reason.Length > 1000)
            return (EvidenceErrors.ReasonRequired, "The reason must be at most 1000 characters.");
        if (record.Action is Extracted or Disclosed && string.IsNullOrWhiteSpace(record.Procedure))
            return (EvidenceErrors.ProcedureRequired, "An extraction or a disclosure must name the procedure number it serves.");
        // A download of an export discloses the recordings in it: it states a motif as a consultation does.
        if (record.Action is Viewed or Disclosed && ConsultationMotif.Problem(record.Actor.Role, record.Motif) is { } motif)
            return (EvidenceErrors.MotifRequired, motif);
        return null;
    }

    /// <summary>
    /// R241-5 has the register name who consulted or extracted by matricule: a person's token without one cannot do
    /// either (403, before anything is read or logged). The server's own work (<see cref="CustodyActor.System"/>) and
    /// live viewing, whose log has its own rules, are not asked.
    /// </summary>
    public static (ErrorDescriptor Error, string Detail)? IdentityProblem(AccessRecord record) =>
        record.Action is Viewed or Extracted or Disclosed && record.Actor != CustodyActor.System
            && string.IsNullOrWhiteSpace(record.Actor.Person?.Matricule)
            ? (EvidenceErrors.IdentityRequired,
                $"This token carries no matricule: the traceability register (CSI R241-5) records every consultation and extraction with the agent's matricule, nom, prénom and grade. Sign in again with a token that carries the claim '{Security.AgentClaims.MatriculeClaim}' (cameras token --matricule M --nom N --prenom P --grade G --service S).")
            : null;

    /// <summary>
    /// The personal part of a traced operation that is no access (a modification, <see cref="TracedModification"/>):
    /// who did it (their token's subject, and their name when the token carries it) and why in words, kept for the
    /// access log's term and erased with it; null for the server's own work, which names nobody and says nothing.
    /// </summary>
    public PersonalPart? AuthorOf(CustodyActor actor, string? reason = null) => actor == CustodyActor.System && string.IsNullOrWhiteSpace(reason)
        ? null
        : TracedPersonal.For(actor, reason, null, clock.GetUtcNow().AddDays(options.Value.Retention.AccessLogDays));

    /// <summary>Writes the access into the ledger (inside <paramref name="transaction"/> when given).</summary>
    /// <exception cref="ArgumentException">the record fails <see cref="Check"/>: refuse the access before calling this</exception>
    public Task<Guid> RecordAsync(AccessRecord record, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (Check(record) is { } problem) throw new ArgumentException(problem.Detail, nameof(record));
        var details = new JsonObject();
        if (!string.IsNullOrWhiteSpace(record.Motif)) details["motif"] = record.Motif.Trim();
        if (!string.IsNullOrWhiteSpace(record.Procedure)) details["procedure"] = record.Procedure.Trim();
        if (record.Camera is not null) details["camera"] = record.Camera;
        var until = clock.GetUtcNow().AddDays(options.Value.Retention.AccessLogDays);
        return ledger.RecordAsync(new CustodyRecord(record.Action, record.ItemKind, record.ItemId, record.Sha256, record.Actor, details,
            TracedPersonal.For(record.Actor, record.Reason, record.Recipient, until, record.RecipientService)), transaction, cancellationToken);
    }
}
