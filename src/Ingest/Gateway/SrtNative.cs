using System.Reflection;
using System.Runtime.InteropServices;

namespace Cameras.Ingest.Gateway;

/// <summary>The few libsrt (Haivision's reference SRT library, Debian's libsrt1.5) calls the SRT listener needs.</summary>
internal static unsafe partial class SrtNative
{
    private const string Library = "srt";
    public const int Error = -1;
    public const int OptRcvTimeout = 14;
    public const int OptLatency = 23;
    public const int OptStreamId = 46;
    public const int OptTransType = 50;

    /// <summary>SRT_REJC_PREDEFINED + an HTTP-like code: what the caller is told when refused (srt_setrejectreason).</summary>
    public static int RejectReason(int httpStatus) => 1000 + httpStatus;

    static SrtNative() => NativeLibrary.SetDllImportResolver(typeof(SrtNative).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return IntPtr.Zero;
        // srt-tools brings the GnuTLS build; another machine may have the OpenSSL one or a plain libsrt.
        foreach (var candidate in (string[])["libsrt-gnutls.so.1.5", "libsrt-openssl.so.1.5", "libsrt.so.1.5", "libsrt.so"])
            if (NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        return IntPtr.Zero;
    }

    [LibraryImport(Library, EntryPoint = "srt_startup")] public static partial int Startup();
    [LibraryImport(Library, EntryPoint = "srt_create_socket")] public static partial int CreateSocket();
    [LibraryImport(Library, EntryPoint = "srt_setsockflag")] public static partial int SetFlag(int socket, int option, void* value, int length);
    [LibraryImport(Library, EntryPoint = "srt_getsockflag")] public static partial int GetFlag(int socket, int option, void* value, int* length);
    [LibraryImport(Library, EntryPoint = "srt_bind")] public static partial int Bind(int socket, byte* address, int length);
    [LibraryImport(Library, EntryPoint = "srt_listen")] public static partial int Listen(int socket, int backlog);
    [LibraryImport(Library, EntryPoint = "srt_accept")] public static partial int Accept(int socket, byte* address, int* length);
    [LibraryImport(Library, EntryPoint = "srt_listen_callback")]
    public static partial int ListenCallback(int socket, delegate* unmanaged<IntPtr, int, int, IntPtr, IntPtr, int> hook, IntPtr opaque);
    [LibraryImport(Library, EntryPoint = "srt_setrejectreason")] public static partial int SetRejectReason(int socket, int reason);
    [LibraryImport(Library, EntryPoint = "srt_recvmsg")] public static partial int ReceiveMessage(int socket, byte* buffer, int length);
    [LibraryImport(Library, EntryPoint = "srt_close")] public static partial int Close(int socket);
    [LibraryImport(Library, EntryPoint = "srt_getlasterror")] public static partial int LastError(int* errno);
    [LibraryImport(Library, EntryPoint = "srt_getlasterror_str")] public static partial IntPtr LastErrorText();

    public static string LastErrorMessage() => Marshal.PtrToStringUTF8(LastErrorText()) ?? "unknown SRT error";

    public static int Receive(int socket, byte[] buffer)
    {
        fixed (byte* b = buffer) return ReceiveMessage(socket, b, buffer.Length);
    }

    public static int LastErrorCode()
    {
        int errno;
        return LastError(&errno);
    }

    public static int SetInt(int socket, int option, int value) => SetFlag(socket, option, &value, sizeof(int));

    /// <summary>An IPv4 sockaddr_in (Linux layout: family in host order, port in network order).</summary>
    public static byte[] Address(System.Net.IPAddress ip, int port)
    {
        var address = new byte[16];
        BitConverter.TryWriteBytes(address.AsSpan(0, 2), (ushort)2);
        address[2] = (byte)(port >> 8);
        address[3] = (byte)port;
        ip.GetAddressBytes().CopyTo(address, 4);
        return address;
    }
}
