using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Ledger;

namespace Cameras.Evidence.Exports;

/// <summary>The ledger half of offline verification: the checkpoint's signature, and each event's inclusion proof.</summary>
internal static class LedgerProof
{
    /// <summary>The proven checkpoint, and per recording what <c>export.prepared</c> committed to.</summary>
    public sealed record Result(Checkpoint Checkpoint, IReadOnlyDictionary<Guid, JsonElement>? Committed);

    public static Result? Check(ExportManifest manifest, List<string> problems, List<string> notes)
    {
        var checkpoint = Checkpoint.Parse(manifest.Ledger.Checkpoint ?? "");
        if (checkpoint is null)
        {
            problems.Add("ledger: the checkpoint in the manifest is not a checkpoint note.");
            return null;
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(manifest.Ledger.PublicKey);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            problems.Add("ledger: the ledger public key in the manifest is unreadable.");
            return null;
        }
        if (!checkpoint.IsSignedBy(key))
        {
            problems.Add($"ledger: the checkpoint of {checkpoint.Size} events is not signed by the ledger key in the manifest.");
            return null;
        }
        notes.Add($"ledger: checkpoint of {checkpoint.Size} events, {checkpoint.IssuedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}, signature valid (key {checkpoint.KeyId}).");
        var prepared = manifest.Ledger.Prepared;
        if ((prepared is null ? "it is missing." : ProveEvent(prepared, checkpoint)) is { } bad)
        {
            problems.Add($"ledger: the export.prepared event is not proven in the checkpoint: {bad}");
            return new Result(checkpoint, null);
        }
        using var canonical = JsonDocument.Parse(prepared!.Canonical);
        var root = canonical.RootElement;
        if (root.GetProperty("action").GetString() != ExportLedger.Prepared
            || root.GetProperty("subject").GetProperty("id").GetString() != manifest.ExportId.ToString())
        {
            problems.Add("ledger: the proven export.prepared event is not this export's.");
            return new Result(checkpoint, null);
        }
        var committed = root.GetProperty("details").GetProperty("items").EnumerateArray()
            .ToDictionary(i => Guid.Parse(i.GetProperty("recording").GetString()!), i => i.Clone());
        return new Result(checkpoint, committed);
    }

    public static void CheckItem(ManifestItem item, Result ledger, List<string> problems)
    {
        var seqs = new List<long>();
        foreach (var e in item.Custody ?? [])
        {
            if (ProveEvent(e, ledger.Checkpoint) is { } bad) { problems.Add($"custody event #{e.Seq}: {bad}"); continue; }
            using var canonical = JsonDocument.Parse(e.Canonical);
            var subject = canonical.RootElement.GetProperty("subject");
            if (subject.GetProperty("kind").GetString() != "recording" || subject.GetProperty("id").GetString() != item.RecordingId.ToString())
                problems.Add($"custody event #{e.Seq} is about another subject.");
            seqs.Add(e.Seq);
        }
        if (ledger.Committed is null) return;
        if (!ledger.Committed.TryGetValue(item.RecordingId, out var committed))
        {
            problems.Add("the ledger's record of this export does not include this recording.");
            return;
        }
        var expected = committed.GetProperty("events").EnumerateArray().Select(s => s.GetInt64()).ToList();
        foreach (var missing in expected.Except(seqs)) problems.Add($"custody event #{missing} is missing from the manifest (the ledger lists it for this item).");
        foreach (var extra in seqs.Except(expected)) problems.Add($"custody event #{extra} was not listed by the ledger for this item.");
        if (committed.GetProperty("sha256").GetString() != item.Sha256 || committed.GetProperty("size").GetInt64() != item.Size)
            problems.Add("its SHA-256 or size differs from what the ledger recorded for this export.");
        if (Text(committed, "camera") != item.Camera || Text(committed, "officer") != item.Officer || Text(committed, "file") != item.File)
            problems.Add("its camera, officer or file name differs from what the ledger recorded for this export.");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Null when the event's canonical form hashes to its leaf and the proof leads to the checkpoint's root.</summary>
    private static string? ProveEvent(ManifestEvent e, Checkpoint checkpoint)
    {
        var leaf = MerkleHasher.HashLeaf(Encoding.UTF8.GetBytes(e.Canonical ?? ""));
        if (Convert.ToBase64String(leaf) != e.LeafHash) return "its content does not hash to its leaf.";
        using (var canonical = JsonDocument.Parse(e.Canonical!))
            if (canonical.RootElement.GetProperty("seq").GetInt64() != e.Seq) return "its position differs from its content's.";
        byte[][] proof;
        try
        {
            proof = [.. (e.Proof ?? []).Select(Convert.FromBase64String)];
        }
        catch (FormatException)
        {
            return "its proof is unreadable.";
        }
        return MerkleVerifier.VerifyInclusion(e.Seq, checkpoint.Size, leaf, proof, checkpoint.RootHash) is { } error
            ? $"its inclusion proof fails: {error.Message}" : null;
    }


}
