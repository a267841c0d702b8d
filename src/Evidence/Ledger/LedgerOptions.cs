using System.ComponentModel.DataAnnotations;

namespace Cameras.Evidence.Ledger;

/// <summary>Settings under <c>Cameras:Ledger</c>: who signs, and how often checkpoints are issued.</summary>
public sealed class LedgerOptions
{
    /// <summary>The first line of every checkpoint: names this deployment's ledger (one per deployment).</summary>
    [Required, RegularExpression(@"^[\x21-\x7e]{1,200}$", ErrorMessage = "Cameras:Ledger:Origin must be printable ASCII without spaces.")]
    public string Origin { get; set; } = "cameras.ledger";

    /// <summary>A checkpoint is issued once this many events are sequenced since the last one…</summary>
    [Range(1, 10_000_000)]
    public int CheckpointEvents { get; set; } = 1000;

    /// <summary>…or when this many seconds have passed and there is anything new.</summary>
    [Range(1, 86_400)]
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>Most events the sequencer places in the tree in one transaction.</summary>
    [Range(1, 100_000)]
    public int SequencerBatch { get; set; } = 5000;
}
