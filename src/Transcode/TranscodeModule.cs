using Microsoft.Extensions.Hosting;

namespace Cameras.Transcode;

/// <summary>Processing workers: probe, re-verify, playback proxy, thumbnails.</summary>
public static class TranscodeModule
{
    public static IHostApplicationBuilder AddTranscode(this IHostApplicationBuilder builder) => builder;
}
