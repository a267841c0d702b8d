using Cameras.Evidence.Custody;

namespace Cameras.Evidence.Access;

/// <summary>
/// One consultation, extraction or disclosure, with what French rules require the log to say: who
/// (<paramref name="Actor"/>), when (the ledger's time), why (<paramref name="Reason"/>), for which procedure,
/// to whom (<paramref name="Recipient"/>), which item and which camera.
/// </summary>
public sealed record AccessRecord(
    string Action,
    CustodyActor Actor,
    string? Reason,
    string? Procedure,
    string? Recipient,
    string ItemKind,
    string ItemId,
    string? Sha256,
    string? Camera)
{
    /// <summary>For a consultation (<see cref="AccessLog.Viewed"/>): its motif, one of <see cref="ConsultationMotif.For"/> the actor's role.</summary>
    public string? Motif { get; init; }

    /// <summary>Where data leave: the service or unit of <see cref="Recipient"/> (a parquet, a tribunal, a unit).</summary>
    public string? RecipientService { get; init; }
}
