using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Cameras.Evidence.Custody;

/// <summary>
/// The personal data of a custody event (CSI R241-5: the author's matricule, nom, prénom, grade and service, the
/// free-text reason, the recipient), kept apart from the ledger row so that it can be erased at the end of its term
/// while the event's leaf, which commits to it, stays verifiable. <paramref name="Until"/> is that term; null means
/// the data ends with the recording the event is about (erased when it is purged).
/// </summary>
public sealed record PersonalPart(JsonObject Fields, DateTimeOffset? Until)
{
    /// <summary>The field that carries the author's matricule, copied beside the part for the registre's queries.</summary>
    public const string MatriculeField = "matricule";

    public const int SaltBytes = 16;

    /// <summary>The commitment a leaf carries: SHA-256 over the salt then the UTF-8 bytes of the canonical fields, hex.</summary>
    public static string Commitment(ReadOnlySpan<byte> salt, string canonicalFields)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetByteCount(canonicalFields)];
        salt.CopyTo(bytes);
        Encoding.UTF8.GetBytes(canonicalFields, bytes.AsSpan(salt.Length));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The field of <c>actor</c> that carries the author's token subject, when the part names the author.</summary>
    public const string SubjectField = "subject";

    /// <summary>The author's matricule when the fields name one (<c>{"actor":{"matricule":…}}</c>).</summary>
    public string? Matricule => Fields["actor"]?[MatriculeField]?.GetValue<string>();

    /// <summary>
    /// The author's token subject when the part carries it (<c>{"actor":{"subject":…}}</c>): the ledger row then leaves
    /// it out, so that it is erased with the rest (leaf version 3).
    /// </summary>
    public string? ActorSubject => Fields["actor"]?[SubjectField]?.GetValue<string>();
}
