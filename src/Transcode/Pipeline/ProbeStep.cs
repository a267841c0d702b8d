using System.Globalization;
using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Transcode.Ffmpeg;

namespace Cameras.Transcode.Pipeline;

/// <summary>ffprobe (FFMpegCore's FFProbe) into the catalog; a file ffprobe cannot read, or with no picture, stays as evidence flagged unplayable.</summary>
public sealed class ProbeStep(FfmpegTool ffmpeg, RecordingUpdates updates, ICustodyLedger ledger)
{
    public async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        MediaProbe probe;
        try
        {
            probe = await ffmpeg.ProbeAsync(context.Original.Path, cancellationToken);
        }
        catch (FfmpegException e)
        {
            // The message names the scratch path; what matters to a reader is what ffprobe said of the content.
            await StopAsync(context, $"ffprobe cannot read this file: {e.Message.Replace(context.Original.Path, "(original)")}", cancellationToken);
            throw; // unreachable: StopAsync throws
        }
        await updates.SaveProbeAsync(context.Recording.Id, probe.CatalogJson, probe.CreationTime, cancellationToken);
        context.Probe = probe;
        if (!probe.HasVideo) await StopAsync(context, "The file holds no video stream.", cancellationToken);
        await ledger.RecordAsync(new CustodyRecord("recording.probed", "recording", context.Recording.Id.ToString(),
            context.Recording.Sha256, CustodyActor.System, new JsonObject
            {
                // The ledger's canonical JSON holds integers only (RFC 8785 number forms are not ours to promise):
                // a duration, fractional in nearly every real file, goes in as its decimal string.
                ["duration_seconds"] = probe.DurationSeconds?.ToString("0.######", CultureInfo.InvariantCulture),
                ["video_codec"] = probe.VideoCodec,
                ["audio_codec"] = probe.AudioCodec,
                ["width"] = probe.Width,
                ["height"] = probe.Height,
            }), null, cancellationToken);
    }

    /// <summary>The probe again, for a run that resumes after the probe step was done (a few milliseconds; nothing recorded).</summary>
    public Task<MediaProbe> AnalyseAsync(PipelineContext context, CancellationToken cancellationToken) =>
        ffmpeg.ProbeAsync(context.Original.Path, cancellationToken);

    private async Task StopAsync(PipelineContext context, string reason, CancellationToken cancellationToken)
    {
        await ledger.RecordAsync(new CustodyRecord("recording.unplayable", "recording", context.Recording.Id.ToString(),
            context.Recording.Sha256, CustodyActor.System, new JsonObject { ["reason"] = reason }), null, cancellationToken);
        throw new StepStoppedException(RecordingStatus.Unplayable, reason);
    }
}
