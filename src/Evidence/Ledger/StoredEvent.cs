namespace Cameras.Evidence.Ledger;

/// <summary>An event as read back: its leaf fields, the leaf hash it was sequenced with (null while it waits), its personal part.</summary>
public sealed record StoredEvent(LedgerEvent Event, byte[]? LeafHash, StoredPersonal Personal);
