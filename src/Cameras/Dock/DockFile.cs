namespace Cameras.Dock;

/// <summary>A recording found in the dock folder: relative name, full path, size, time, local SHA-256.</summary>
public sealed record DockFile(string Name, string Path, long Size, DateTime Modified, string Sha256);
