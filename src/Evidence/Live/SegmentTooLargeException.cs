namespace Cameras.Evidence.Live;

/// <summary>A pushed segment grew past <c>Cameras:Live:MaxSegmentBytes</c>.</summary>
public sealed class SegmentTooLargeException(long limit) : IOException($"A live segment may hold at most {limit} bytes.")
{
    public long Limit { get; } = limit;
}
