using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cameras.Evidence.Storage;

/// <summary>
/// The two calls .NET lacks to make files durable without paying for it twice (Linux; elsewhere no-ops, where
/// a file's own fsync is all the runtime offers). A file's fsync covers its bytes but not its name: a name just
/// linked into a directory survives a power cut only once that directory is flushed too.
/// </summary>
public static class DiskFlush
{
    private const int SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE: start writeback, do not wait
    private const int ReadOnly = 0; // O_RDONLY

    /// <summary>
    /// Starts writing <paramref name="file"/>'s dirty pages to disk and returns at once, so that they are written
    /// while the writer is still busy and a later fsync finds little left. A hint: it flushes nothing by itself.
    /// </summary>
    public static void StartWriteback(SafeFileHandle file)
    {
        if (OperatingSystem.IsLinux()) _ = sync_file_range((int)file.DangerousGetHandle(), 0, 0, SyncFileRangeWrite);
    }

    /// <summary>Flushes <paramref name="directory"/> itself, so that the names created in it are on disk.</summary>
    /// <exception cref="IOException">the directory could not be opened or flushed</exception>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = open(directory, ReadOnly);
        if (fd < 0) throw Failure("open", directory);
        try
        {
            if (fsync(fd) != 0) throw Failure("fsync", directory);
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static IOException Failure(string call, string directory) =>
        new($"{call} of the folder {directory} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");

    [DllImport("libc", SetLastError = true)]
    private static extern int sync_file_range(int fd, long offset, long nbytes, int flags);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
