namespace Cameras.Evidence.Live;

/// <summary>A whole pushed media segment, kept in the feed's window for HLS viewers; the bytes are exactly those pushed.
/// <paramref name="Sequence"/> counts the feed's segments on this node (what other nodes pull), <paramref name="MediaSequence"/>
/// those of its <paramref name="Stream"/> (its HLS playlist's numbering).</summary>
public sealed record LiveSegment(long Sequence, string Name, ReadOnlyMemory<byte> Data, double Seconds, DateTimeOffset CompletedAt,
    int Stream = 0, long MediaSequence = 0);
