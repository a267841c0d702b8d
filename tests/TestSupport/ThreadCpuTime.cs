using System.Runtime.InteropServices;

namespace Cameras.TestSupport;

/// <summary>
/// The CPU time the calling thread has used (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): a speed bound in a test measured
/// with it holds on a loaded machine, where wall time counts the time other processes had the core. Only for
/// synchronous code, which stays on its thread.
/// </summary>
public static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static TimeSpan Now
    {
        get
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
                throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
            return TimeSpan.FromSeconds(time.Seconds) + TimeSpan.FromTicks(time.Nanoseconds / 100);
        }
    }
}
