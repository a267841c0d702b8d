namespace Cameras.Evidence.Live;

/// <summary>What an HLS viewer sees of a feed at one moment.</summary>
public sealed record LiveSnapshot(string Feed, string? InitName, ReadOnlyMemory<byte>? Init, IReadOnlyList<LiveSegment> Segments, bool Ended);
