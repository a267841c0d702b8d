namespace Cameras.Evidence.Retention;

/// <summary>A legal hold: while active (not lifted), the recording is never purged.</summary>
public sealed record LegalHold(
    Guid Id,
    Guid RecordingId,
    string Procedure,
    string Reason,
    string PlacedBy,
    DateTime PlacedAt,
    string? LiftedBy,
    DateTime? LiftedAt,
    string? LiftReason);

/// <summary>Body of <c>POST /api/recordings/{id}/holds</c>.</summary>
public sealed record PlaceHoldRequest(string? Procedure, string? Reason);
