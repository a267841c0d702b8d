using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Exports;

/// <summary>
/// The ledger side of a package. Before writing, it sequences every pending event, lists each item's custody events,
/// records <c>export.prepared</c> committing to those lists and to each item's hash, sequences that too, issues a
/// checkpoint on demand and builds the inclusion proofs against it. So an event dropped from a manifest, or an item's
/// field changed, no longer matches what the ledger proves.
/// </summary>
public sealed class ExportLedger(ICustodyLedger ledger, LedgerSequencer sequencer, CheckpointIssuer issuer, LedgerReader reader,
    InstanceKeys keys, IOptions<EvidenceOptions> options)
{
    public const string Prepared = "export.prepared";
    public const string Sealed = "export.sealed";
    public const string Failed = "export.failed";

    public sealed record Proven(ManifestLedger Ledger, IReadOnlyDictionary<Guid, IReadOnlyList<ManifestEvent>> Custody);

    public async Task<Proven> ProveAsync(Guid exportId, string procedure, IReadOnlyList<(Recording Recording, string File)> items,
        CancellationToken cancellationToken)
    {
        await sequencer.DrainAsync(cancellationToken);
        var events = new Dictionary<Guid, List<(LedgerEvent Event, byte[] Leaf)>>();
        foreach (var (recording, _) in items)
            events[recording.Id] = [.. (await reader.EventsAboutAsync("recording", recording.Id.ToString(), cancellationToken))
                .Where(e => e.Event.Seq >= 0 && e.LeafHash is not null).Select(e => (e.Event, e.LeafHash!))];

        var committed = new JsonArray();
        foreach (var (recording, file) in items)
            committed.Add(new JsonObject
            {
                ["recording"] = recording.Id.ToString(), ["file"] = file, ["sha256"] = recording.Sha256, ["size"] = recording.Size,
                ["camera"] = recording.Camera, ["officer"] = recording.Officer,
                ["events"] = new JsonArray([.. events[recording.Id].Select(e => (JsonNode)e.Event.Seq)]),
            });
        var preparedId = await ledger.RecordAsync(new CustodyRecord(Prepared, "export", exportId.ToString(), null, CustodyActor.System,
            new JsonObject { ["procedure"] = procedure, ["items"] = committed }), null, cancellationToken);
        await sequencer.DrainAsync(cancellationToken);
        var prepared = (await reader.EventsAboutAsync("export", exportId.ToString(), cancellationToken)).Single(e => e.Event.Id == preparedId);
        var checkpoint = await issuer.IssueAsync(cancellationToken)
            ?? throw new InvalidOperationException("The ledger issued no checkpoint.");
        if (checkpoint.Size <= prepared.Event.Seq) throw new InvalidOperationException("The checkpoint does not cover the export's events.");

        var custody = new Dictionary<Guid, IReadOnlyList<ManifestEvent>>();
        foreach (var (id, list) in events)
        {
            var proven = new List<ManifestEvent>();
            foreach (var (e, leaf) in list) proven.Add(await ProveAsync(e, leaf, checkpoint.Size, cancellationToken));
            custody[id] = proven;
        }
        var manifestLedger = new ManifestLedger(options.Value.Ledger.Origin, keys.PublicPem(InstanceKeys.LedgerSigning), checkpoint.Note,
            await ProveAsync(prepared.Event, prepared.LeafHash!, checkpoint.Size, cancellationToken));
        return new Proven(manifestLedger, custody);
    }

    private async Task<ManifestEvent> ProveAsync(LedgerEvent e, byte[] leaf, long size, CancellationToken cancellationToken) =>
        new(e.Seq, e.Action, DateTime.SpecifyKind(e.Time, DateTimeKind.Utc), e.Canonical(), Convert.ToBase64String(leaf),
            [.. (await reader.InclusionProofAsync(e.Seq, size, cancellationToken)).Select(Convert.ToBase64String)]);
}
