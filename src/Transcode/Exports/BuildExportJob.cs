using Cameras.Evidence.Exports;
using Quartz;

namespace Cameras.Transcode.Exports;

/// <summary>Builds one sealed export on a worker, with the playback proxies as optional copies.</summary>
public sealed class BuildExportJob(ExportBuilder builder, ProxyPlaybackCopies copies) : IJob<BuildExport>
{
    public async ValueTask Execute(IJobExecutionContext context, BuildExport input, CancellationToken cancellationToken) =>
        await builder.BuildAsync(input.ExportId, copies, cancellationToken);
}
