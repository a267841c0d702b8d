namespace Cameras.Transcode.Pipeline;

/// <summary>One file of a derivative: its name inside it, where it is stored, its size and SHA-256.</summary>
public sealed record DerivedFile(string Name, string Key, long Size, string Sha256);
