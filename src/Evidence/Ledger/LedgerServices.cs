using System.Diagnostics;
using Cameras.Evidence.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Ledger;

/// <summary>Runs the sequencer: at once when this node records an event, otherwise every 200 ms for other nodes' events.</summary>
internal sealed class LedgerSequencerService(LedgerSequencer sequencer, LedgerSignal signal, ILogger<LedgerSequencerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await sequencer.SequenceAsync(stoppingToken) > 0) continue;
                await signal.WaitAsync(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The ledger sequencer failed; retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}

/// <summary>Issues a checkpoint every <c>CheckpointEvents</c> events or <c>CheckpointSeconds</c> seconds, whichever comes first.</summary>
internal sealed class CheckpointService(
    CheckpointIssuer issuer, LedgerReader reader, InstanceKeys keys, IOptions<EvidenceOptions> options, ILogger<CheckpointService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Created now, not at the first checkpoint, so `cameras ledger verify` finds it from the first start.
        keys.Get(InstanceKeys.LedgerSigning);
        var ledger = options.Value.Ledger;
        var sinceIssued = Stopwatch.StartNew(); // an interval: the checkpoint's date is the issuer's clock
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                var (size, latest) = await reader.HeadAsync(stoppingToken);
                var behind = size - (latest?.Size ?? 0);
                if (behind >= ledger.CheckpointEvents
                    || (behind > 0 && sinceIssued.Elapsed >= TimeSpan.FromSeconds(ledger.CheckpointSeconds)))
                {
                    await issuer.IssueAsync(stoppingToken);
                    sinceIssued.Restart();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Issuing a ledger checkpoint failed; retrying");
            }
        }
    }
}
