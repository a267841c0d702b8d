using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cameras.Ingest.Gateway;

/// <summary>SIGTERM for child processes (ffmpeg finishes its output on it; nginx shuts down); .NET only sends SIGKILL.</summary>
internal static partial class Signals
{
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Terminate(Process process)
    {
        try
        {
            if (!process.HasExited) Kill(process.Id, SigTerm);
        }
        catch (InvalidOperationException)
        {
            // not started or already gone
        }
    }
}
