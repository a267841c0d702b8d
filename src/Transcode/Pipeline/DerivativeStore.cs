using System.Security.Cryptography;
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

    /// <summary>Stores every file of <paramref name="folder"/> and registers them; returns the derivative that stands.</summary>
    public async Task<Derivative> RegisterAsync(Guid recordingId, string kind, string parentSha256, string toolVersion,
        IReadOnlyList<IReadOnlyList<string>> commands, string folder, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var files = new List<DerivedFile>();
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            // A prefix per attempt: objects are write-once, and a crashed attempt may have left some behind.
            files.Add(await StoreFileAsync(path, $"derived/{parentSha256}/{kind}/{id:n}/{name}", name, cancellationToken));
        }

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

    private async Task<DerivedFile> StoreFileAsync(string path, string key, string name, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long size = 0;
        await using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
        await using (var writer = await store.OpenWriteAsync(key, cancellationToken))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }
            await writer.CommitAsync(cancellationToken);
        }
        return new DerivedFile(name, key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
