using Cameras.Evidence.Storage;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Ledger;

namespace Cameras.Evidence.Exports;

/// <summary>
/// Checks a package offline, trusting nothing in it but what it proves: every file's hash (against SHA256SUMS and
/// the manifest), the manifest's signature and chain, the ledger checkpoint's signature, and each custody event's
/// inclusion proof; and that each item matches what the ledger's <c>export.prepared</c> event committed to (its
/// hash, size, camera, officer and the exact list of its custody events), so a dropped event names its item.
/// </summary>
public static class PackageVerifier
{
    public static async Task<ExportVerdict> VerifyAsync(string path, X509Certificate2Collection? trusted, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        using var zip = ZipFile.OpenRead(path);
        var hashes = await HashEntriesAsync(path, zip, progress, cancellationToken);
        var manifestBytes = Read(zip, "manifest.json");
        var signature = Read(zip, "manifest.json.p7s");
        var sums = Read(zip, "SHA256SUMS");
        if (manifestBytes is null || signature is null || sums is null)
        {
            problems.Add("package: manifest.json, manifest.json.p7s or SHA256SUMS is missing.");
            return new ExportVerdict(null, null, [], problems, notes);
        }
        CheckSums(Encoding.UTF8.GetString(sums), hashes, problems);
        PackageSignature.Check(manifestBytes, signature, trusted, problems, notes);

        ExportManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ExportManifest>(manifestBytes, ExportManifest.Json);
        }
        catch (JsonException e)
        {
            manifest = null;
            problems.Add($"manifest: manifest.json is not a valid manifest ({e.Message}).");
        }
        if (manifest?.Ledger is null || manifest.Items is null)
        {
            if (manifest is not null) problems.Add("manifest: manifest.json lacks its ledger or items.");
            return new ExportVerdict(null, null, [], problems, notes);
        }
        var ledger = LedgerProof.Check(manifest, problems, notes);
        var items = manifest.Items.Select(item => CheckItem(item, hashes, ledger)).ToList();
        if (ledger?.Committed is { } committed)
            foreach (var missing in committed.Keys.Except(manifest.Items.Select(i => i.RecordingId)))
                problems.Add($"manifest: recording {missing}, committed in the ledger for this export, is missing from the manifest.");
        foreach (var media in hashes.Keys.Where(k => k.StartsWith("media/", StringComparison.Ordinal)).Except(manifest.Items.Select(i => i.File)))
            problems.Add($"package: {media} is not an item of the manifest.");
        return new ExportVerdict(manifest.Procedure, manifest.ExportId, items, problems, notes);
    }

    private static ItemVerdict CheckItem(ManifestItem item, IReadOnlyDictionary<string, (string Sha256, long Size)> hashes, LedgerProof.Result? ledger)
    {
        var problems = new List<string>();
        if (!hashes.TryGetValue(item.File, out var actual)) problems.Add($"{item.File} is missing from the package.");
        else if (actual.Sha256 != item.Sha256 || actual.Size != item.Size)
            problems.Add($"content differs: SHA-256 {actual.Sha256} ({actual.Size} bytes), the manifest says {item.Sha256} ({item.Size} bytes).");
        foreach (var copy in item.Playback ?? [])
            if (!hashes.TryGetValue(copy.File, out var c) || c.Sha256 != copy.Sha256)
                problems.Add($"playback copy {copy.File} is missing or differs from the manifest.");
        if (ledger is not null) LedgerProof.CheckItem(item, ledger, problems);
        return new ItemVerdict(item.File, item.RecordingId, item.Custody?.Count ?? 0, problems);
    }

    private static void CheckSums(string text, IReadOnlyDictionary<string, (string Sha256, long Size)> hashes, List<string> problems)
    {
        var listed = new HashSet<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2) { problems.Add($"SHA256SUMS: unreadable line \"{line}\"."); continue; }
            listed.Add(parts[1]);
            if (!hashes.TryGetValue(parts[1], out var actual)) problems.Add($"SHA256SUMS: {parts[1]} is missing from the package.");
            else if (actual.Sha256 != parts[0]) problems.Add($"SHA256SUMS: {parts[1]} does not match its hash.");
        }
        foreach (var file in hashes.Keys.Where(k => k.StartsWith("media/", StringComparison.Ordinal) || k.StartsWith("playback/", StringComparison.Ordinal)))
            if (!listed.Contains(file)) problems.Add($"SHA256SUMS: {file} is not listed.");
        if (!listed.Contains("manifest.json")) problems.Add("SHA256SUMS: manifest.json is not listed.");
    }

    /// <summary>
    /// SHA-256 of every file entry. Media are large: two readers (each with its own handle on the file) hash entries
    /// side by side, so both cores work.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, (string Sha256, long Size)>> HashEntriesAsync(
        string path, ZipArchive zip, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var names = zip.Entries.Where(e => !e.FullName.EndsWith('/')).OrderByDescending(e => e.Length).Select(e => e.FullName).ToList();
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, (string, long)>();
        var next = -1;
        var readers = Enumerable.Range(0, Math.Min(Environment.ProcessorCount, 4)).Select(_ => Task.Run(async () =>
        {
            using var own = ZipFile.OpenRead(path);
            for (int i; (i = Interlocked.Increment(ref next)) < names.Count;)
            {
                var entry = own.GetEntry(names[i])!;
                StreamDigest digest;
                await using (var stream = entry.Open()) digest = await StreamSha256.HashAsync(stream, cancellationToken);
                results[names[i]] = (digest.Sha256, digest.Size);
                if (entry.Length > 1 << 20) progress?.Report(names[i]);
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(readers);
        return results;
    }

    private static byte[]? Read(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        if (entry is null) return null;
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
