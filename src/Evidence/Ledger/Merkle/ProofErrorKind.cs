namespace Cameras.Evidence.Ledger;

/// <summary>Why a proof was rejected; lets callers react without parsing messages.</summary>
public enum ProofErrorKind
{
    /// <summary>A tree size is negative.</summary>
    InvalidTreeSize,

    /// <summary>The leaf index is negative or not below the tree size.</summary>
    IndexOutOfRange,

    /// <summary>A consistency proof was asked for a first size larger than the second.</summary>
    SizeOrder,

    /// <summary>A leaf hash, root hash or proof entry is missing or not 32 bytes.</summary>
    MalformedHash,

    /// <summary>The proof has more or fewer entries than the tree shape calls for.</summary>
    WrongProofSize,

    /// <summary>An inclusion proof does not lead to the expected root.</summary>
    RootMismatch,

    /// <summary>A consistency proof does not reproduce the root of the first (older) tree.</summary>
    FirstRootMismatch,

    /// <summary>A consistency proof does not reproduce the root of the second (newer) tree.</summary>
    SecondRootMismatch,
}
