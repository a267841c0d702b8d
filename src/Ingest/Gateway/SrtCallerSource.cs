using System.Diagnostics;
using FFMpegCore.Pipes;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// FFMpegCore's pipe source for one SRT caller: its MPEG-TS goes into ffmpeg's input (a Unix socket) packet by packet
/// as libsrt hands it over, with no buffer between them, until the caller leaves, is silent too long, the gateway
/// stops or ffmpeg goes. libsrt's receive blocks, so the copy has a thread of its own.
/// </summary>
internal sealed class SrtCallerSource(int socket, string feed, Func<bool> stopping, ILogger logger) : IPipeSource
{
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(10);

    public string GetStreamArguments() => ""; // -f mpegts is among the input's options

    public Task WriteAsync(Stream outputStream, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Copy(outputStream, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private void Copy(Stream input, CancellationToken ffmpegEnded)
    {
        var buffer = new byte[1500];
        var silent = Stopwatch.StartNew(); // since the caller last sent anything
        try
        {
            while (!stopping() && !ffmpegEnded.IsCancellationRequested)
            {
                var read = SrtNative.Receive(socket, buffer);
                if (read > 0)
                {
                    silent.Restart();
                    input.Write(buffer, 0, read);
                    continue;
                }
                var error = SrtNative.LastErrorCode();
                if (error is 6002 or 6003 && silent.Elapsed < IdleLimit) continue; // receive timeout
                logger.LogInformation("SRT caller of feed {Feed} left: {Error}", feed, SrtNative.LastErrorMessage());
                break;
            }
        }
        catch (IOException e)
        {
            logger.LogWarning("ffmpeg for SRT feed {Feed} stopped reading: {Message}", feed, e.Message);
        }
    }
}
