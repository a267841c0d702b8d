namespace Cameras.Evidence.Live;

/// <summary>
/// One unit a viewer receives, in order: an init segment (<see cref="IsInit"/>) or a media fragment (moof+mdat and
/// the boxes before it). <paramref name="Sequence"/> counts the feed's units on the ingest node.
/// </summary>
public sealed record LiveFragment(long Sequence, bool IsInit, ReadOnlyMemory<byte> Data, FragmentInfo Info, DateTimeOffset ReceivedAt);
