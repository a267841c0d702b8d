using System.Text.Json.Nodes;

namespace Cameras.Evidence.Custody;

/// <summary>
/// One thing that happened to a piece of evidence: <paramref name="Action"/> (e.g. "recording.received"),
/// done by <paramref name="Actor"/> to <paramref name="SubjectKind"/>/<paramref name="SubjectId"/>, whose content
/// hash is <paramref name="Sha256"/> when it has one, with free-form <paramref name="Details"/>, and the personal data
/// (<paramref name="Personal"/>) that is kept apart and erased at the end of its term (R241-5).
/// </summary>
public sealed record CustodyRecord(
    string Action,
    string SubjectKind,
    string SubjectId,
    string? Sha256,
    CustodyActor Actor,
    JsonObject? Details = null,
    PersonalPart? Personal = null);
