using Cameras.Evidence;

namespace Cameras.Cli;

/// <summary>
/// The settings a tool reads, from the same sources as <c>serve</c> (appsettings.json beside the binary, <c>Cameras__…</c>
/// environment variables) with <c>--data</c> applied the way <see cref="CamerasHost"/> applies it: relative to the folder
/// the command was typed in. A tool and the server given the same arguments there find the same data folder and keys.
/// </summary>
internal static class CliSettings
{
    public static EvidenceOptions Evidence(string? data)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        if (data is not null) builder.Configuration[$"{EvidenceOptions.Section}:Data"] = CamerasHost.DataFolder(data);
        return builder.Configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();
    }
}
