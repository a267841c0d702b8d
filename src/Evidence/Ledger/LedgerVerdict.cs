namespace Cameras.Evidence.Ledger;

/// <summary>
/// What <see cref="LedgerVerifier"/> found: intact or not, the first event that does not match (by sequence
/// number) when one can be named, every problem in plain words, and how many events' personal data was erased at
/// the end of its term (« effacé au terme de la durée de conservation »: expected, not a problem).
/// </summary>
public sealed record LedgerVerdict(
    bool Intact,
    long Events,
    long Pending,
    int Checkpoints,
    long? FirstBadEvent,
    IReadOnlyList<string> Problems,
    long Erased = 0);
