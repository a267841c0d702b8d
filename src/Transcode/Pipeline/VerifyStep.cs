using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Storage;
using Microsoft.Extensions.Logging;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// Reads the original back from the object store and compares its SHA-256 with the one recorded at ingest.
/// Either way a custody event; a mismatch quarantines the recording and raises an alert.
/// </summary>
public sealed class VerifyStep(IObjectStore store, RecordingUpdates updates, ICustodyLedger ledger, ILogger<VerifyStep> logger)
{
    public async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var recording = context.Recording;
        long read = 0;
        StreamDigest digest;
        await using (var stream = await store.OpenReadAsync(recording.StorageKey, 0, null, cancellationToken))
            digest = await StreamSha256.HashAsync(stream, async block =>
            {
                read += block.Length;
                if (recording.Size > 0) await context.ReportAsync(ProcessingStep.Verify, 100.0 * read / recording.Size);
            }, cancellationToken);
        var (actual, size) = digest;
        var details = new JsonObject { ["expected_sha256"] = recording.Sha256, ["actual_sha256"] = actual, ["size"] = size };
        if (actual == recording.Sha256)
        {
            await ledger.RecordAsync(new CustodyRecord("recording.verified", "recording", recording.Id.ToString(), recording.Sha256,
                CustodyActor.System, details), null, cancellationToken);
            return;
        }

        var reason = $"The stored original no longer matches its SHA-256: expected {recording.Sha256}, read {actual}.";
        logger.LogCritical("Evidence integrity alert for recording {RecordingId}: {Reason}", recording.Id, reason);
        await ledger.RecordAsync(new CustodyRecord("recording.verification_failed", "recording", recording.Id.ToString(),
            recording.Sha256, CustodyActor.System, details), null, cancellationToken);
        await updates.RaiseAlertAsync(recording.Id, "integrity", reason, null, cancellationToken);
        throw new StepStoppedException(RecordingStatus.Quarantined, reason);
    }
}
