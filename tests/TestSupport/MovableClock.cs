namespace Cameras.TestSupport;

/// <summary>
/// The system's time plus however far a test moved it (<see cref="Advance"/>): an expiry is reached at once instead
/// of slept for, and everything else on the server keeps seeing time pass. Timers still run on the system's clock.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
