namespace Cameras.Evidence.Retention;

/// <summary>
/// A legal hold: while active (not lifted), the recording is never purged. <see cref="Reason"/> and
/// <see cref="LiftReason"/> are read from the personal part of the hold's events (they may name people): null once
/// erased at the end of the access log's term, <see cref="ReasonsErased"/> then true. <see cref="Motif"/>: the motif
/// it was placed with (null for a hold placed before motifs were asked).
/// </summary>
public sealed record LegalHold(
    Guid Id,
    Guid RecordingId,
    string Procedure,
    string? Reason,
    string? Motif,
    string PlacedBy,
    DateTime PlacedAt,
    string? LiftedBy,
    DateTime? LiftedAt,
    string? LiftReason,
    bool ReasonsErased);

/// <summary>Body of <c>POST /api/recordings/{id}/holds</c>; <c>motif</c> may come as a query parameter or X-Motif instead.</summary>
public sealed record PlaceHoldRequest(string? Procedure, string? Reason, string? Motif = null);
