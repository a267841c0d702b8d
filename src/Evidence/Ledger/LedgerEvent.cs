using System.Globalization;
using System.Text;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// A sequenced custody event as stored: its place in the tree (<paramref name="Seq"/>), and the fields its leaf
/// hash covers. <paramref name="Details"/> is already canonical JSON (<see cref="CanonicalJson"/>).
/// </summary>
public sealed record LedgerEvent(
    long Seq,
    Guid Id,
    DateTime Time,
    string Action,
    string SubjectKind,
    string SubjectId,
    string? Sha256,
    string? ActorSubject,
    string ActorRole,
    string Details,
    string? PersonalSha256 = null,
    DateTime? PersonalUntil = null)
{
    /// <summary>Format version of an event without a personal part; part of every leaf so the form can change without ambiguity.</summary>
    public const int Version = 1;

    /// <summary>Format version of an event with a personal part (<see cref="PersonalSha256"/>, kept apart and erasable).</summary>
    public const int VersionWithPersonal = 2;

    /// <summary>
    /// Format version of an event whose actor is a person named in its personal part (<see cref="ActorSubject"/> null): the
    /// token's subject identifies them as surely as their matricule, so it is erased with it and only the role stays in the leaf.
    /// Events written before it (versions 1 and 2) keep the subject in their leaf, and verify as written.
    /// </summary>
    public const int VersionWithPersonalActor = 3;

    /// <summary>
    /// The leaf data: canonical JSON with members in this (sorted) order —
    /// <c>{"action","actor":{"role","subject"},"details","id","seq","sha256","subject":{"id","kind"},"time","v"}</c>;
    /// time is UTC with six fraction digits and a Z; sha256 is lower-case hex or null. An event with a personal part
    /// (version 2) also has <c>"personal":{"sha256","until"}</c> between <c>id</c> and <c>seq</c>: the commitment to
    /// its erasable personal data and the end of their term (null: they end with the recording). An event whose actor's
    /// subject is in that personal part (version 3) has <c>"actor":{"role"}</c> only.
    /// </summary>
    public string Canonical()
    {
        var b = new StringBuilder(256 + Details.Length);
        b.Append("{\"action\":"); CanonicalJson.WriteString(Action, b);
        b.Append(",\"actor\":{\"role\":"); CanonicalJson.WriteString(ActorRole, b);
        if (ActorSubject is not null) { b.Append(",\"subject\":"); CanonicalJson.WriteString(ActorSubject, b); }
        b.Append("},\"details\":").Append(Details);
        b.Append(",\"id\":\"").Append(Id.ToString("D")).Append('"');
        if (PersonalSha256 is not null)
        {
            b.Append(",\"personal\":{\"sha256\":"); CanonicalJson.WriteString(PersonalSha256, b);
            b.Append(",\"until\":");
            if (PersonalUntil is { } until) b.Append('"').Append(FormatTime(until)).Append('"'); else b.Append("null");
            b.Append('}');
        }
        b.Append(",\"seq\":").Append(Seq.ToString(CultureInfo.InvariantCulture));
        b.Append(",\"sha256\":");
        if (Sha256 is null) b.Append("null"); else CanonicalJson.WriteString(Sha256, b);
        b.Append(",\"subject\":{\"id\":"); CanonicalJson.WriteString(SubjectId, b);
        b.Append(",\"kind\":"); CanonicalJson.WriteString(SubjectKind, b);
        b.Append("},\"time\":\"").Append(FormatTime(Time)).Append('"');
        b.Append(",\"v\":").Append(ActorSubject is null ? VersionWithPersonalActor : PersonalSha256 is null ? Version : VersionWithPersonal).Append('}');
        return b.ToString();
    }

    public byte[] CanonicalBytes() => Encoding.UTF8.GetBytes(Canonical());

    /// <summary>RFC 6962 leaf hash: SHA-256(0x00 || canonical bytes).</summary>
    public byte[] LeafHash() => MerkleHasher.HashLeaf(CanonicalBytes());

    public static string FormatTime(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
