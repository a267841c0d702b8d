namespace Cameras.Evidence.Ledger;

/// <summary>
/// What <see cref="LedgerVerifier"/> found: intact or not, the first event that does not match (by sequence
/// number) when one can be named, and every problem in plain words.
/// </summary>
public sealed record LedgerVerdict(
    bool Intact,
    long Events,
    long Pending,
    int Checkpoints,
    long? FirstBadEvent,
    IReadOnlyList<string> Problems);
