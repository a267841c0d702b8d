namespace Cameras.Evidence.Registre;

/// <summary>What the register is asked for: a person (matricule), a recording, a camera, a procedure, a kind, a period.</summary>
public sealed record RegistreFilter(
    string? Matricule = null,
    string? Recording = null,
    string? Camera = null,
    string? Procedure = null,
    string? Kind = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 100,
    long? Before = null);
