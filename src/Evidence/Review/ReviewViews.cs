namespace Cameras.Evidence.Review;

// The review workspace's wire types, kept together because each is a few fields and the pages read them together.

/// <summary>One row of a search: what the results table shows, without the probe.</summary>
public sealed record RecordingRow(
    Guid Id, string Sha256, long Size, string? Filename, string? Camera, string? Officer, string? Station,
    DateTimeOffset? RecordedAt, DateTimeOffset ReceivedAt, string Status, double? DurationSeconds, bool HasThumbnails,
    double Progress, int Bookmarks);

/// <summary>
/// A page of a search and how many recordings match in all; <paramref name="More"/>: more than <paramref name="Total"/>
/// match (the count stopped there).
/// </summary>
public sealed record RecordingPage(long Total, int Page, int PageSize, string Sort, string Order, IReadOnlyList<RecordingRow> Items,
    bool More = false);

/// <summary>
/// Body of <c>POST /api/recordings/{id}/bookmarks</c>: seconds into the recording, an optional end, the note (the
/// modification's words) and its motif (or query <c>motif</c> / X-Motif).
/// </summary>
public sealed record CreateBookmarkRequest(double? At, double? Until, string? Note, string? Motif = null);

public sealed record Bookmark(Guid Id, Guid RecordingId, double AtSeconds, double? UntilSeconds, string Note, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record TimelineBookmark(double AtSeconds, double? UntilSeconds, string Note);

public sealed record TimelineRecording(
    Guid Id, DateTimeOffset Start, DateTimeOffset End, double? DurationSeconds, string Status, string? Officer, string? Station,
    IReadOnlyList<TimelineBookmark> Bookmarks);

public sealed record TimelineRow(string Camera, IReadOnlyList<TimelineRecording> Recordings);

/// <summary>The recordings overlapping a window (or those of a case), one row per camera.</summary>
public sealed record Timeline(DateTimeOffset From, DateTimeOffset To, Guid? CaseId, IReadOnlyList<TimelineRow> Cameras);

/// <summary>A case as the list of cases shows it.</summary>
public sealed record CaseSummary(
    Guid Id, string Procedure, string? Title, string? Service, DateTimeOffset CreatedAt, int Recordings, int HeldRecordings, int Exports);

/// <summary>Body of <c>POST /api/cases/{id}/recordings</c>; motif and reason may come as query parameters or headers instead.</summary>
public sealed record AddRecordingsRequest(IReadOnlyList<Guid>? Recordings, string? Motif = null, string? Reason = null);

/// <summary>Body of <c>POST /api/cases/{id}/holds</c>; motif and reason may come as query parameters or headers instead.</summary>
public sealed record CaseHoldRequest(string? Reason, string? Motif = null);
