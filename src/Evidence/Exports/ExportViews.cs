using Cameras.Evidence.Access;

namespace Cameras.Evidence.Exports;

// The case and export API's wire types, kept together because each is a few fields and they are read together.

/// <summary>
/// Body of <c>POST /api/exports</c>: recordings by id, or those of a case. <see cref="Motif"/> says what the extraction
/// serves (judiciaire, the default, administratif, disciplinaire; pedagogique, for training, only from anonymised
/// copies); the header X-Motif may give it instead.
/// </summary>
public sealed record CreateExportRequest(string? Procedure, string? Reason, IReadOnlyList<Guid>? Recordings, Guid? CaseId, bool Playback = false,
    string? Motif = null);

/// <summary>
/// An export as the API shows it; <see cref="Status"/> is pending, building, sealed or failed. While a failed build
/// waits for its retry the export stays building with that failure in <see cref="Error"/>; <see cref="Attempts"/>
/// counts the builds started since it was (re-)requested. <see cref="CreatedBy"/> is null once erased, AccessLogDays
/// after the export was requested (the register's copy goes then too: <see cref="Retention.PersonalErasure"/>).
/// </summary>
public sealed record ExportView(
    Guid Id, Guid? CaseId, string Procedure, string Reason, bool Playback, string? CreatedBy, DateTimeOffset CreatedAt, string Status,
    double Progress, string? Error, long? Size, string? ManifestSha256, DateTimeOffset? SealedAt, IReadOnlyList<Guid> Recordings,
    IReadOnlyList<ShareView> Shares, int Attempts = 0, string Motif = ConsultationMotif.Judiciaire);

/// <summary>Body of <c>POST /api/exports/{id}/shares</c>; <see cref="ExpiresAt"/> may shorten, never lengthen, the configured lifetime.</summary>
/// <see cref="Service"/> is the magistrate's service or unit (« Parquet de Lyon »), written to the register as the
/// recipient's service; without it, the service of the export's case.
public sealed record ShareRequest(string? Magistrate, DateTimeOffset? ExpiresAt, string? Service = null);

/// <summary>
/// A magistrate's access to an export, and the link they download from until it expires. <see cref="Magistrate"/> and
/// <see cref="SharedBy"/> are null (« effacé ») once the share has ended and its register entry's term has passed; an
/// erased share gives nobody access.
/// </summary>
public sealed record ShareView(string? Magistrate, string? SharedBy, DateTimeOffset SharedAt, DateTimeOffset ExpiresAt, string Link,
    string? Service = null);

/// <summary>
/// Body of <c>POST /api/cases</c>: a procedure and its recordings, by id or chosen by camera, officer and time range,
/// and the magistrates who may see it. Putting recordings in the case is a modification (R241-5), as adding them later
/// is: its <c>motif</c> and <c>reason</c> (here, else query or X-Motif / X-Reason).
/// </summary>
public sealed record CreateCaseRequest(
    string? Procedure, string? Title, IReadOnlyList<Guid>? Recordings, string? Camera, string? Officer, DateTimeOffset? From,
    DateTimeOffset? To, IReadOnlyList<string>? Viewers, string? Service = null, string? Motif = null, string? Reason = null);

/// <summary>A case; <see cref="CreatedBy"/> is null once erased, AccessLogDays after it was opened.</summary>
public sealed record CaseView(
    Guid Id, string Procedure, string? Title, string? CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<Guid> Recordings,
    IReadOnlyList<string> Viewers);
