namespace Cameras.Dock;

/// <summary>What `cameras dock` was asked to do.</summary>
public sealed record DockSettings(
    string Folder, Uri Server, string Token, string? Camera, string? Officer, string? Station, bool Wipe,
    int Parallel, long? MaxRate, string? ReceiptFile, TimeSpan ReceiptTimeout);
