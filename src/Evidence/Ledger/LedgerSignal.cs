namespace Cameras.Evidence.Ledger;

/// <summary>Wakes this node's sequencer when an event is recorded here; other nodes' events are found by polling.</summary>
public sealed class LedgerSignal
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_pending.CurrentCount == 0) _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled: one wake-up is enough
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
