namespace Cameras.Evidence.Ledger;

/// <summary>A rejected proof: what mismatched, and a message fit for a log or an audit report.</summary>
public sealed record ProofError(ProofErrorKind Kind, string Message)
{
    /// <summary>"Kind: message".</summary>
    public override string ToString() => $"{Kind}: {Message}";
}
