using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Cameras.Evidence.Live;

/// <summary>The live window: shared by Ingest (publisher) and CommandRoom (viewers), neither importing the other.</summary>
public static class LiveSetup
{
    /// <summary>The window and its settings; ingest and command-room roles both call it.</summary>
    public static IHostApplicationBuilder AddLiveWindow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().Bind(builder.Configuration.GetSection(LiveOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.SilenceTimeout > TimeSpan.Zero, "Cameras:Live:SilenceTimeout must be a positive duration.")
            .Validate(o => o.AdvertisedUrl is null || Uri.TryCreate(o.AdvertisedUrl, UriKind.Absolute, out _),
                "Cameras:Live:AdvertisedUrl must be an absolute URL such as http://ingest-1:8080.")
            .Validate(o => Enum.IsDefined(o.Record), "Cameras:Live:Record must be hashes (the default, CSI R241-4), full or none.")
            .Validate(o => !(o.RelayOnly && o.Record == LiveRecord.Full),
                "Cameras:Live:RelayOnly=true (the old name of Record=none) contradicts Cameras:Live:Record=full: remove RelayOnly.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<LiveWindow>();
        builder.Services.TryAddSingleton<LiveNodeAddress>();
        builder.Services.TryAddSingleton<LiveAnnouncer>();
        return builder;
    }

    /// <summary>A command-room node also receives what ingest nodes elsewhere announce.</summary>
    public static IHostApplicationBuilder AddLiveRelay(this IHostApplicationBuilder builder)
    {
        builder.AddLiveWindow();
        builder.Services.AddHostedService<LiveRelayPuller>();
        return builder;
    }
}
