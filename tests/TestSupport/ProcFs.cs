namespace Cameras.TestSupport;

/// <summary>The machine's processes as /proc lists them, for tests that check no child process is left behind.</summary>
public static class ProcFs
{
    /// <summary>The processes for which <paramref name="match"/> holds; a process gone or unreadable meanwhile is skipped.</summary>
    public static List<int> Where(Func<int, bool> match) =>
        [.. Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!))
            .Where(pid =>
            {
                try { return match(pid); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            })];
}
