namespace Cameras.Evidence.Live;

/// <summary>
/// One unit a viewer receives, in order: an init segment (<see cref="IsInit"/>) or a media fragment (moof+mdat and
/// the boxes before it). <paramref name="Sequence"/> counts the feed's units on the ingest node; <paramref name="Stream"/>
/// is the pushed stream it belongs to (0, or N of a dash muxer's <c>…streamN…</c> files: picture and sound apart);
/// <paramref name="Resumable"/> marks where a viewer may join or resume (a picture keyframe); an init carries what its
/// tracks are in <paramref name="Tracks"/>.
/// </summary>
public sealed record LiveFragment(long Sequence, bool IsInit, ReadOnlyMemory<byte> Data, FragmentInfo Info, DateTimeOffset ReceivedAt,
    int Stream = 0, bool Resumable = false, InitSegment? Tracks = null);
