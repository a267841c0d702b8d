namespace Cameras.Live.Tests;

/// <summary>
/// Waits until tests/tools/dashboard-live.mjs says its page listens (its hub connected: the file SCREENSHOT.listening),
/// so that a feed started next is announced to it; a browser run that ends first (it failed) stops the wait.
/// </summary>
internal static class DashboardListening
{
    public static async Task WaitAsync(string screenshot, Task browser)
    {
        var marker = screenshot + ".listening";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!File.Exists(marker) && !browser.IsCompleted)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the dashboard page did not connect its hub within 90 s");
            await Task.Delay(100);
        }
        File.Delete(marker);
    }
}
