using System.Text.Json.Serialization;

namespace Cameras.Evidence.Registre;

/// <summary>
/// One traced operation as the register shows it, with every field R241-5 lists: who (matricule, nom, prénom,
/// grade, service, and the token's subject when the event keeps it in its personal part: null once erased at the end of the
/// term, <see cref="Erased"/> then true), when, what kind, the
/// motif and its words, the recipient and their service, the procedure, the recording and its camera; and where it sits in the ledger.
/// </summary>
public sealed record RegistreEntry(
    long Seq,
    DateTime Time,
    string Kind,
    string Action,
    string? ActorSubject,
    string ActorRole,
    string? Matricule,
    string? Nom,
    string? Prenom,
    string? Grade,
    string? Service,
    string? Motif,
    string? Reason,
    string? Recipient,
    string? Procedure,
    string SubjectKind,
    string SubjectId,
    string? Camera,
    bool Erased,
    string? RecipientService = null)
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

/// <summary>A page of the register, newest first; <see cref="Next"/> asks for the following page (null at the end).</summary>
public sealed record RegistrePage(IReadOnlyList<RegistreEntry> Entries, string? Next);
