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
    private const int SyncFileRangeWaitBefore = 1; // SYNC_FILE_RANGE_WAIT_BEFORE: wait for writeback already under way
    private const int SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE: start writeback, do not wait
    private const int SyncFileRangeWaitAfter = 4; // SYNC_FILE_RANGE_WAIT_AFTER: wait for the writeback just started
    private const int FadviseDontNeed = 4; // POSIX_FADV_DONTNEED: drop the file's clean pages from the page cache
    private const int ReadOnly = 0; // O_RDONLY

    /// <summary>
    /// Starts writing <paramref name="file"/>'s dirty pages to disk and returns at once, so that they are written
    /// while the writer is still busy and a later fsync finds little left. A hint: it flushes nothing by itself.
    /// </summary>
    public static void StartWriteback(SafeFileHandle file)
    {
        if (OperatingSystem.IsLinux()) _ = sync_file_range((int)file.DangerousGetHandle(), 0, 0, SyncFileRangeWrite);
    }

    /// <summary>
    /// Writes <paramref name="file"/>'s pages to disk, waits for them, and drops them from the page cache: for a
    /// file written once and not read again soon. Its pages go back to the allocator whole, where the writer's next
    /// pages are taken from; otherwise a full page cache has the kernel compact memory under each write (perf
    /// showed ffmpeg spending up to a sixth of its time so). Not a flush: the file's metadata is not written.
    /// </summary>
    public static void WriteBackAndEvict(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = (int)file.DangerousGetHandle();
        _ = sync_file_range(fd, 0, 0, SyncFileRangeWaitBefore | SyncFileRangeWrite | SyncFileRangeWaitAfter);
        _ = posix_fadvise(fd, 0, 0, FadviseDontNeed);
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

    [DllImport("libc")]
    private static extern int posix_fadvise(int fd, long offset, long length, int advice);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
