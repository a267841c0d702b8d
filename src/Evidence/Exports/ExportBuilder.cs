using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Storage;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Exports;

/// <summary>
/// Builds a sealed package in one streaming pass: each original is read from the object store and written into the
/// ZIP (stored, not compressed) while it is hashed, and the ZIP goes straight into the object store; no media is
/// copied anywhere else. An original whose bytes no longer match its hash stops the export. Then manifest.json,
/// SHA256SUMS, manifest.json.p7s, VERIFY.txt and authority.pem close the package, and the seal is recorded in the
/// ledger with the manifest's hash.
/// </summary>
public sealed partial class ExportBuilder(
    ExportCatalog exports, RecordingCatalog recordings, IObjectStore store, ExportLedger exportLedger, ManifestSigner signer,
    ExportAuthority authority, ICustodyLedger ledger, NpgsqlDataSource dataSource, IOptions<ExportOptions> options,
    TimeProvider clock, ILogger<ExportBuilder> logger)
{
    [GeneratedRegex("^\\.[a-z0-9]{1,8}$")]
    private static partial Regex Extension();

    [GeneratedRegex("[^a-z0-9._-]")]
    private static partial Regex Unsafe();

    private sealed record Entry(string File, string Sha256, long Size);

    /// <summary>
    /// Builds export <paramref name="exportId"/> unless another run holds or finished it. A failure is kept on the
    /// export: on the <paramref name="finalAttempt"/>, or when no retry can mend it, the export is failed for good
    /// (status <c>failed</c>, an <c>export.failed</c> ledger event); otherwise it stays building with the error shown
    /// and the error is returned so the caller retries. Each attempt writes a package under a key of its own, and an
    /// attempt that fails before its write commits leaves nothing in the store (writers are invisible until then).
    /// </summary>
    /// <returns>The attempt's failure (to retry, or for good), or <see langword="null"/> when the export is sealed or
    /// another run has it.</returns>
    public async Task<ExportAttemptFailure?> BuildAsync(Guid exportId, IPlaybackCopies? playback, bool finalAttempt, CancellationToken cancellationToken)
    {
        if (!await exports.ClaimAsync(exportId, cancellationToken)) return null;
        var found = (await exports.FindAsync(exportId, AccessScope.Everything, cancellationToken))!;
        var export = found.View;
        try
        {
            var watch = Stopwatch.StartNew();
            var (key, size, manifestSha256) = await WriteAsync(export, playback, cancellationToken);
            await SealAsync(export, key, size, manifestSha256, cancellationToken);
            logger.LogInformation("Export {ExportId} sealed: {Size} bytes in {Seconds:F1} s (attempt {Attempt})", exportId, size,
                watch.Elapsed.TotalSeconds, export.Attempts);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (finalAttempt || e is ExportStoppedException)
            {
                logger.LogError(e, "Export {ExportId} failed for good after {Attempts} attempt(s)", exportId, export.Attempts);
                await FailAsync(export.Id, e.Message, null, CancellationToken.None);
                return new ExportAttemptFailure(e, ForGood: true);
            }
            logger.LogWarning(e, "Attempt {Attempt} at export {ExportId} failed; it will be tried again", export.Attempts, exportId);
            await exports.AttemptFailedAsync(exportId, e.Message, CancellationToken.None);
            return new ExportAttemptFailure(e, ForGood: false);
        }
    }

    private async Task<(string Key, long Size, string ManifestSha256)> WriteAsync(ExportView export, IPlaybackCopies? playback,
        CancellationToken cancellationToken)
    {
        // A training export carries anonymised copies only (R241-4); the package format for them is not built yet, so such
        // an export stops here rather than let an original out.
        if (export.Motif == ConsultationMotif.Pedagogique)
            throw new ExportStoppedException("A training (pédagogique) export carries only anonymised copies, and packages of anonymised copies are not built yet.");
        var items = new List<(Recording Recording, string File)>();
        foreach (var (id, i) in export.Recordings.Select((id, i) => (id, i)))
        {
            var recording = await recordings.FindAsync(id, AccessScope.Everything, cancellationToken) ?? throw new ExportStoppedException($"Recording {id} is gone.");
            var extension = Path.GetExtension(recording.Filename ?? "").ToLowerInvariant();
            items.Add((recording, $"media/{i + 1:D3}-{id}{(Extension().IsMatch(extension) ? extension : "")}"));
        }
        var copies = new Dictionary<Guid, IReadOnlyList<PlaybackCopy>>();
        foreach (var (recording, _) in items)
            copies[recording.Id] = export.Playback && playback is not null ? await playback.FindAsync(recording.Id, cancellationToken) : [];
        var total = items.Sum(i => i.Recording.Size) + copies.Values.SelectMany(c => c).Sum(c => c.Size);

        var proven = await exportLedger.ProveAsync(export.Id, export.Procedure, items, cancellationToken);
        var key = $"{options.Value.Prefix}{export.Id}/{Guid.CreateVersion7()}.zip";
        await using var writer = await store.OpenWriteAsync(key, cancellationToken);
        var progress = new ProgressReporter(total, p => exports.ProgressAsync(export.Id, p, CancellationToken.None));
        var sums = new List<Entry>();
        var manifestItems = new List<ManifestItem>();
        byte[] manifest;
        var package = new DeferredWriteStream(writer);
        await using (var zip = await ZipArchive.CreateAsync(package, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            foreach (var (recording, file) in items)
            {
                var media = await CopyAsync(zip, file, ObjectKeys.Original(recording.Sha256), recording.Sha256, progress, cancellationToken);
                sums.Add(media);
                var itemCopies = new List<ManifestCopy>();
                foreach (var copy in copies[recording.Id])
                {
                    var name = $"playback/{Path.GetFileName(file).Split('.')[0]}/{Unsafe().Replace(copy.Name.ToLowerInvariant(), "_")}";
                    sums.Add(await CopyAsync(zip, name, copy.Key, copy.Sha256, progress, cancellationToken));
                    itemCopies.Add(new ManifestCopy(name, copy.Size, copy.Sha256, copy.Kind, copy.ParentSha256, copy.ToolVersion, copy.Commands));
                }
                manifestItems.Add(new ManifestItem(recording.Id, file, recording.Filename, recording.Camera, recording.Officer, recording.Station,
                    recording.RecordedAt, recording.ReceivedAt, media.Size, media.Sha256, itemCopies, proven.Custody[recording.Id]));
            }
            // A failed export retried after its author's name was erased (AccessLogDays after the request) says so.
            var document = new ExportManifest(ExportManifest.CurrentFormat, export.Id, export.Procedure, export.Reason, export.CreatedBy ?? "effacé",
                export.CreatedAt, clock.GetUtcNow(), proven.Ledger, manifestItems);
            manifest = JsonSerializer.SerializeToUtf8Bytes(document, ExportManifest.Json);
            sums.Add(new Entry("manifest.json", Convert.ToHexStringLower(SHA256.HashData(manifest)), manifest.Length));
            await PutAsync(zip, "manifest.json", manifest, cancellationToken);
            await PutAsync(zip, "manifest.json.p7s", await signer.SignAsync(manifest, cancellationToken), cancellationToken);
            // Two spaces between hash and name: the text mode that `sha256sum -c` reads on every platform.
            await PutAsync(zip, "SHA256SUMS", Encoding.UTF8.GetBytes(string.Concat(sums.Select(s => $"{s.Sha256}  {s.File}\n"))), cancellationToken);
            await PutAsync(zip, "VERIFY.txt", Encoding.UTF8.GetBytes(VerifyText.For(document)), cancellationToken);
            await PutAsync(zip, "authority.pem", Encoding.UTF8.GetBytes(authority.Pem), cancellationToken);
        }
        await package.FlushAsync(cancellationToken);
        var info = await writer.CommitAsync(cancellationToken);
        return (key, info.Size, Convert.ToHexStringLower(SHA256.HashData(manifest)));
    }

    private async Task<Entry> CopyAsync(ZipArchive zip, string name, string key, string expectedSha256, ProgressReporter progress,
        CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        // While one buffer is hashed (on another core) and written, the next is read: reading, hashing and writing
        // overlap, so the pass costs about as much as the slowest of the three.
        StreamDigest copied;
        await using (var source = await store.OpenReadAsync(key, 0, null, cancellationToken))
        await using (var target = await entry.OpenAsync(cancellationToken))
            copied = await StreamSha256.HashAsync(source, async block =>
            {
                await target.WriteAsync(block, cancellationToken);
                await progress.AddAsync(block.Length);
            }, cancellationToken, hashBesideEach: true);
        var (sha256, size) = copied;
        if (sha256 != expectedSha256)
            throw new ExportStoppedException($"{key} no longer matches its SHA-256 ({expectedSha256}, read {sha256}): the export is stopped.");
        return new Entry(name, sha256, size);
    }

    private static async Task PutAsync(ZipArchive zip, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        await using var target = await entry.OpenAsync(cancellationToken);
        await target.WriteAsync(content, cancellationToken);
    }

    private async Task SealAsync(ExportView export, string key, long size, string manifestSha256, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE exports SET status = 'sealed', progress = 1, error = NULL, object_key = @key, size = @size, manifest_sha256 = @manifestSha256, sealed_at = now()
            WHERE id = @id
            """, new { id = export.Id, key, size, manifestSha256 }, tx, cancellationToken: cancellationToken));
        await ledger.RecordAsync(new CustodyRecord(ExportLedger.Sealed, "export", export.Id.ToString(), manifestSha256, CustodyActor.System,
            new JsonObject { ["procedure"] = export.Procedure, ["object"] = key, ["size"] = size, ["items"] = export.Recordings.Count }),
            tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Fails for good an export whose build stopped without a result (its last attempt died before it could record
    /// its failure), if it is still stalled when the row is written: a claim in between makes it alive again.
    /// </summary>
    public async Task<bool> FailStalledAsync(Guid exportId, TimeSpan stalledAfter, CancellationToken cancellationToken)
    {
        var failed = await FailAsync(exportId,
            $"The build stopped without a result: no sign of life for {stalledAfter} and no attempt scheduled. Ask for it again.",
            stalledAfter, cancellationToken);
        if (failed) logger.LogError("Export {ExportId} stalled and was failed; it can be asked for again", exportId);
        return failed;
    }

    /// <summary>
    /// Fails the export for good and records it in the ledger, in one transaction; the last attempt's error stays on it.
    /// With <paramref name="onlyIfStalledFor"/>, only a building export with no sign of life that long.
    /// </summary>
    private async Task<bool> FailAsync(Guid exportId, string error, TimeSpan? onlyIfStalledFor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var failed = await connection.QuerySingleOrDefaultAsync<FailedExport>(new CommandDefinition("""
            UPDATE exports SET status = 'failed',
                   error = CASE WHEN @stalled::interval IS NULL OR error IS NULL THEN @error ELSE @error || ' Last error: ' || error END
            WHERE id = @id AND (@stalled::interval IS NULL OR (status = 'building' AND progressed_at < now() - @stalled::interval))
            RETURNING attempts, procedure
            """, new { id = exportId, error, stalled = onlyIfStalledFor }, tx, cancellationToken: cancellationToken));
        if (failed is not { } row) return false;
        await ledger.RecordAsync(new CustodyRecord(ExportLedger.Failed, "export", exportId.ToString(), null, CustodyActor.System,
            new JsonObject { ["procedure"] = row.Procedure, ["error"] = error, ["attempts"] = row.Attempts }), tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    private sealed record FailedExport(int Attempts, string Procedure);

    /// <summary>Reports the fraction done at most once a second.</summary>
    private sealed class ProgressReporter(long total, Func<double, Task> report)
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private long _done;

        public async Task AddAsync(long bytes)
        {
            _done += bytes;
            if (_since.ElapsedMilliseconds < 1000) return;
            _since.Restart();
            await report(total == 0 ? 1 : Math.Min(0.99, (double)_done / total));
        }
    }
}

/// <summary>An attempt at an export that failed: <paramref name="ForGood"/> once the export is failed (its last attempt,
/// or a failure no retry mends), else the export stays building and the attempt is to be retried.</summary>
public sealed record ExportAttemptFailure(Exception Error, bool ForGood);
