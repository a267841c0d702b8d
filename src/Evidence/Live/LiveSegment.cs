namespace Cameras.Evidence.Live;

/// <summary>A whole pushed media segment, kept in the feed's window for HLS viewers; the bytes are exactly those pushed.</summary>
public sealed record LiveSegment(long Sequence, string Name, ReadOnlyMemory<byte> Data, double Seconds, DateTimeOffset CompletedAt);
