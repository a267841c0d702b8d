namespace Cameras.TestSupport;

public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, or fails after <paramref name="timeout"/> saying what was awaited.</summary>
    public static async Task<T> ThatAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}; last value: {value}");
            await Task.Delay(250);
        }
    }
}
