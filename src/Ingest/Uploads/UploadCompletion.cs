using System.Text.Json.Nodes;
using Cameras.Evidence;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// A whole file has arrived: its SHA-256 is compared with the camera's. A match stores the original under its hash and
/// registers the recording with its custody event (and a NOTIFY for the workers) in one transaction; a mismatch keeps
/// the bytes in quarantine and registers nothing. The same file docked twice finds its recording and adds none.
/// </summary>
public sealed class UploadCompletion(
    NpgsqlDataSource dataSource, IObjectStore objects, ICustodyLedger ledger, StagingArea staging, UploadHashers hashers,
    StoreRetention retention, IOptions<EvidenceOptions> evidence, ILogger<UploadCompletion> logger)
{
    public const string RecordingReceivedChannel = "recording_received";

    public async Task<Upload> CompleteAsync(Upload upload, byte[] sha256, CustodyActor actor)
    {
        // Completion runs to its end even when the client has gone: the bytes are all here.
        var cancellationToken = CancellationToken.None;
        var received = Convert.ToHexStringLower(sha256);
        var size = upload.Length!.Value;
        hashers.Forget(upload.Id);
        if (received == upload.Dock.Sha256)
        {
            await MoveIntoStoreAsync(upload.Id, ObjectKeys.Original(received), cancellationToken);
            var recording = await RegisterAsync(upload, received, size, actor, cancellationToken);
            return upload with { State = UploadState.Stored, Sha256 = received, RecordingId = recording, Offset = size, CompletedAt = DateTimeOffset.UtcNow };
        }
        var key = $"quarantine/{upload.Id:n}";
        await MoveIntoStoreAsync(upload.Id, key, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await UploadStore.ExecuteAsync(connection, transaction, """
            INSERT INTO quarantine (upload_id, reason, storage_key, size, sha256, expected_sha256)
            VALUES (@id, 'sha256-mismatch', @key, @size, @sha, @expected)
            """, cancellationToken, ("id", upload.Id), ("key", key), ("size", size), ("sha", received), ("expected", upload.Dock.Sha256));
        await MarkAsync(connection, transaction, upload.Id, UploadState.Quarantined, received, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("Upload {Upload} ({Filename}, camera {Camera}) quarantined: SHA-256 {Received} differs from the camera's {Expected}",
            upload.Id, upload.Dock.Filename, upload.Dock.Camera, received, upload.Dock.Sha256);
        return upload with { State = UploadState.Quarantined, Sha256 = received, Offset = size, CompletedAt = DateTimeOffset.UtcNow };
    }

    private async Task MoveIntoStoreAsync(Guid id, string key, CancellationToken cancellationToken)
    {
        var path = staging.PathOf(id);
        try
        {
            if (objects is IFileImport import)
            {
                await import.ImportFileAsync(path, key, cancellationToken);
                return;
            }
            if (await objects.GetInfoAsync(key, cancellationToken) is null)
            {
                await using var content = staging.OpenRead(id);
                await objects.PutAsync(key, content, cancellationToken);
            }
        }
        catch (ObjectAlreadyExistsException)
        {
            // The same bytes are stored already (docked before): nothing to add.
        }
        staging.Delete(id);
    }

    private async Task<Guid> RegisterAsync(Upload upload, string sha256, long size, CustodyActor actor, CancellationToken cancellationToken)
    {
        var dock = upload.Dock;
        var id = Guid.CreateVersion7();
        var deleteAfter = (dock.RecordedAt ?? DateTimeOffset.UtcNow).AddDays(evidence.Value.Retention.RecordingDays);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, officer, station, offload_id, recorded_at, delete_after)
            VALUES (@id, @sha, @size, @key, @filename, @camera, @officer, @station, @offload, @recorded, @delete)
            ON CONFLICT (sha256) DO NOTHING
            """, connection, transaction);
        foreach (var (name, value) in new (string, object?)[]
        {
            ("id", id), ("sha", sha256), ("size", size), ("key", ObjectKeys.Original(sha256)), ("filename", dock.Filename),
            ("camera", dock.Camera), ("officer", dock.Officer), ("station", dock.Station), ("offload", dock.Offload),
            ("recorded", dock.RecordedAt), ("delete", deleteAfter),
        }) insert.Parameters.AddWithValue(name, value ?? DBNull.Value);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            // Locked in the store before the commit: if the store refuses, no recording exists that it would let go early.
            await retention.LockUntilAsync(ObjectKeys.Original(sha256), deleteAfter, cancellationToken);
            await ledger.RecordAsync(new CustodyRecord("recording.received", "recording", id.ToString(), sha256, actor, new JsonObject
            {
                ["upload"] = upload.Id.ToString(), ["filename"] = dock.Filename, ["camera"] = dock.Camera, ["officer"] = dock.Officer,
                ["station"] = dock.Station, ["offload"] = dock.Offload, ["recorded_at"] = dock.RecordedAt?.ToString("O"),
                ["size"] = size, ["sha256_received"] = sha256, ["sha256_camera"] = dock.Sha256,
            }), transaction, cancellationToken);
            await UploadStore.ExecuteAsync(connection, transaction, "SELECT pg_notify(@channel, @id)", cancellationToken,
                ("channel", RecordingReceivedChannel), ("id", id.ToString()));
        }
        else
        {
            await using var existing = new NpgsqlCommand("SELECT id FROM recordings WHERE sha256 = @sha", connection, transaction);
            existing.Parameters.AddWithValue("sha", sha256);
            id = (Guid)(await existing.ExecuteScalarAsync(cancellationToken))!;
        }
        await MarkAsync(connection, transaction, upload.Id, UploadState.Stored, sha256, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    private static Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string state, string sha256,
        Guid? recording, CancellationToken cancellationToken) =>
        UploadStore.ExecuteAsync(connection, transaction, """
            UPDATE uploads SET state = @state, sha256 = @sha, recording_id = @recording, completed_at = now() WHERE id = @id
            """, cancellationToken, ("id", id), ("state", state), ("sha", sha256), ("recording", recording));
}
