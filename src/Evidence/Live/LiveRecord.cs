namespace Cameras.Evidence.Live;

/// <summary>
/// What is kept of a live feed (<c>Cameras:Live:Record</c>). CSI R241-4: images transmitted live to the command post
/// « ne peuvent faire l'objet d'un enregistrement distinct », the evidentiary copy being the camera's own, docked later.
/// </summary>
public enum LiveRecord
{
    /// <summary>The default (R241-4): each segment hashed and chained in the ledger (what was shown, in which order);
    /// its bytes only in the bounded memory window; nothing in the object store, no assembled recording.</summary>
    Hashes,

    /// <summary>Segments stored as evidence, chained, assembled into a recording and matched with docked ones, for
    /// deployments whose rules allow a separate record.</summary>
    Full,

    /// <summary>Relay only: neither bytes nor hashes kept (the feed's start and end are still ledgered).</summary>
    None,
}
