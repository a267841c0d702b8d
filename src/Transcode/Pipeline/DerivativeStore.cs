using System.Text.Json;
using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Storage;
using Dapper;
using Npgsql;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// Stores the files a step produced, hashed on the way, and registers them as one derivative with its lineage
/// and a custody event, in one transaction. A derivative kind is registered once per recording: a worker that
/// loses a race (or re-runs after a crash) finds the registered one and adds nothing.
/// </summary>
public sealed class DerivativeStore(NpgsqlDataSource dataSource, IObjectStore store, ICustodyLedger ledger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const int StoreAtOnce = 16;

    /// <summary>Whether the store takes a local file as it is (a rename on its disk) rather than uploading a copy.</summary>
    public bool ImportsFiles => store is IFileImport;

    public async Task<Derivative?> FindAsync(Guid recordingId, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid, string, string, string, string, DateTime)?>(new CommandDefinition("""
            SELECT id, parent_sha256, tool_version, arguments::text, files::text, created_at
            FROM derivatives WHERE recording_id = @recordingId AND kind = @kind
            """, new { recordingId, kind }, cancellationToken: cancellationToken));
        if (row is not { } r) return null;
        return new Derivative(r.Item1, recordingId, kind, r.Item2, r.Item3,
            JsonSerializer.Deserialize<List<List<string>>>(r.Item4, Json)!, JsonSerializer.Deserialize<List<DerivedFile>>(r.Item5, Json)!,
            new DateTimeOffset(r.Item6, TimeSpan.Zero));
    }

    /// <summary>
    /// Stores every file of <paramref name="folder"/> and registers them; returns the derivative that stands.
    /// <paramref name="digests"/> are the files' hashes when already taken (by an <see cref="OutputHasher"/>).
    /// </summary>
    public async Task<Derivative> RegisterAsync(Guid recordingId, string kind, string parentSha256, string toolVersion,
        IReadOnlyList<IReadOnlyList<string>> commands, string folder, IReadOnlyDictionary<string, FileDigest>? digests,
        CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var paths = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        var files = new DerivedFile[paths.Count];
        // Many at once, whatever the cores: each file waits, not computes. An upload to a remote store waits on the
        // network; an import on its flushes, which the filesystem's journal then commits together.
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count),
            new ParallelOptions { MaxDegreeOfParallelism = StoreAtOnce, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var name = Path.GetFileName(paths[i]);
                // A prefix per attempt: objects are write-once, and a crashed attempt may have left some behind.
                var key = $"derived/{parentSha256}/{kind}/{id:n}/{name}";
                var digest = digests?.GetValueOrDefault(name);
                files[i] = await StoreFileAsync(paths[i], key, name, digest is not null && digest.StillMatches(paths[i]) ? digest : null, token);
            });

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO derivatives (id, recording_id, kind, parent_sha256, tool_version, arguments, files)
            VALUES (@id, @recordingId, @kind, @parentSha256, @toolVersion, @arguments::jsonb, @files::jsonb)
            ON CONFLICT (recording_id, kind) DO NOTHING
            """, new
        {
            id, recordingId, kind, parentSha256, toolVersion,
            arguments = JsonSerializer.Serialize(commands, Json), files = JsonSerializer.Serialize(files, Json),
        }, transaction, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            await ledger.RecordAsync(new CustodyRecord("derivative.created", "recording", recordingId.ToString(), parentSha256,
                CustodyActor.System, new JsonObject
                {
                    ["kind"] = kind,
                    ["derivative"] = id.ToString(),
                    ["parent_sha256"] = parentSha256,
                    ["tool_version"] = toolVersion,
                    ["commands"] = JsonSerializer.SerializeToNode(commands, Json),
                    ["files"] = JsonSerializer.SerializeToNode(files, Json),
                }), transaction, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(recordingId, kind, cancellationToken))!;
    }

    private async Task<DerivedFile> StoreFileAsync(string path, string key, string name, FileDigest? digest, CancellationToken cancellationToken)
    {
        if (store is IFileImport import)
        {
            // The store takes the file as it is (a rename on its own disk): hashed once, never copied, flushed
            // first as the import requires (little is left to write: hashing started its writeback).
            digest ??= await OutputHasher.HashFileAsync(path, cancellationToken);
            using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite)) RandomAccess.FlushToDisk(file);
            await import.ImportFileAsync(path, key, cancellationToken);
            return new DerivedFile(name, key, digest.Size, digest.Sha256);
        }
        // Otherwise one pass: each buffer is hashed and uploaded.
        StreamDigest written;
        await using (var source = StreamSha256.OpenSequential(path))
        await using (var writer = await store.OpenWriteAsync(key, cancellationToken))
        {
            written = await StreamSha256.HashAsync(source, block => writer.WriteAsync(block, cancellationToken), cancellationToken);
            await writer.CommitAsync(cancellationToken);
        }
        return new DerivedFile(name, key, written.Size, written.Sha256);
    }
}
