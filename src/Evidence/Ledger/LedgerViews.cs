using System.Text.Json;

namespace Cameras.Evidence.Ledger;

// The ledger's wire types, kept together because each is a few fields and they are read together.
// Tree hashes (leaf, root, proof) are standard base64, as in RFC 6962's JSON API and the checkpoint note;
// the SHA-256 of an object stays lower-case hex, as sha256sum prints it.

public sealed record CheckpointView(long Size, string RootHash, DateTimeOffset IssuedAt, string KeyId, string Note)
{
    public static CheckpointView Of(Checkpoint c) => new(c.Size, Convert.ToBase64String(c.RootHash), c.IssuedAt, c.KeyId, c.Note);
}

public sealed record CheckpointList(CheckpointView? Latest, long TreeSize, IReadOnlyList<CheckpointView> Checkpoints, string PublicKey);

/// <summary>
/// An event as a reader sees it. <paramref name="ActorSubject"/> is the row's, or for an event that keeps it in its personal part
/// (version 3) the part's while kept and shown (null once erased, or where personal fields are not shown).
/// </summary>
public sealed record LedgerEventView(
    long? Seq, Guid Id, DateTime Time, string Action, string SubjectKind, string SubjectId, string? Sha256,
    string? ActorSubject, string ActorRole, JsonElement Details, string? Canonical, string? LeafHash, PersonalView? Personal)
{
    /// <param name="withFields">false: the personal part's state only, never its fields (<see cref="PersonalView.StateOf"/>)</param>
    public static LedgerEventView Of(LedgerEvent e, byte[]? leafHash, StoredPersonal personal, bool withFields = true)
    {
        var view = withFields ? PersonalView.Of(e, personal) : PersonalView.StateOf(e, personal);
        var subject = e.ActorSubject ?? (view?.Fields is { } fields && fields.TryGetProperty("actor", out var actor)
            && actor.TryGetProperty(Custody.PersonalPart.SubjectField, out var s) ? s.GetString() : null);
        return new(e.Seq < 0 ? null : e.Seq, e.Id, e.Time, e.Action, e.SubjectKind, e.SubjectId, e.Sha256, subject, e.ActorRole,
            JsonDocument.Parse(e.Details).RootElement.Clone(), e.Seq < 0 ? null : e.Canonical(),
            leafHash is null ? null : Convert.ToBase64String(leafHash), view);
    }
}

/// <summary>
/// An event's personal part as a reader sees it: <c>kept</c> with its fields and salt (so that anyone can check the
/// leaf's commitment: SHA-256 of the salt then the fields' UTF-8 bytes), <c>erased</c> at the end of its term, or
/// <c>missing</c> (gone without an erasure: the ledger verification reports it).
/// </summary>
public sealed record PersonalView(string State, JsonElement? Fields, string? Salt, DateTime? ErasedAt)
{
    public const string Kept = "kept", Erased = "erased", Missing = "missing";

    public static PersonalView? Of(LedgerEvent e, StoredPersonal personal) =>
        e.PersonalSha256 is null ? null
        : !personal.Exists ? new(Missing, null, null, null)
        : personal.Erased ? new(Erased, null, null, personal.ErasedAt)
        : new(Kept, JsonDocument.Parse(personal.Fields!).RootElement.Clone(), Convert.ToBase64String(personal.Salt!), null);

    /// <summary>The part's state (and erasure time) without its fields or salt, for a reader who is not consulting the register.</summary>
    public static PersonalView? StateOf(LedgerEvent e, StoredPersonal personal) =>
        Of(e, personal) is { } view ? view with { Fields = null, Salt = null } : null;
}

/// <summary>The root to check against is that of the checkpoint of <see cref="Size"/> events.</summary>
public sealed record InclusionProofView(long Seq, long Size, string LeafHash, IReadOnlyList<string> Proof);

public sealed record ConsistencyProofView(long From, long To, IReadOnlyList<string> Proof);

/// <summary>One custody event with its inclusion proof against <see cref="CustodyHistory.Checkpoint"/>; no proof yet when it came after it.</summary>
public sealed record CustodyEntry(LedgerEventView Event, IReadOnlyList<string>? Proof);

public sealed record CustodyHistory(Guid RecordingId, CheckpointView? Checkpoint, IReadOnlyList<CustodyEntry> Events);
