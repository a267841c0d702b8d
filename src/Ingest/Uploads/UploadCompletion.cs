using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// Finishes an upload whose every byte is durable. The file's SHA-256 is compared with the camera's: a match is stored
/// under its hash and registered as a recording; a mismatch is kept in quarantine and registers nothing.
///
/// Completion touches two systems that cannot share a transaction (the object store and PostgreSQL), and any step can
/// fail: the connection is lost, PostgreSQL restarts, the node is killed. So it is a state machine whose state is the
/// upload's row, each step recorded before the next begins, and each step safe to run again from the recorded state.
/// The next HEAD or PATCH, or the sweep, runs <see cref="FinishAsync"/> again and it carries on where it stopped:
/// <list type="number">
/// <item>receiving, all bytes durable: hash the staging file; record 'completing' with the hash and the key the file
/// goes to. Cut before the record: nothing has moved, so it is simply done again.</item>
/// <item>completing: move the staging file into the store under that key. The store is write-once and an original's
/// key is its hash, so an object already there holds these very bytes (an earlier attempt moved them, or the same
/// file was docked before); once the staging file is gone, the object is where the bytes are.</item>
/// <item>completing, file stored: one transaction, holding the upload's row, registers the recording (with its
/// custody event and NOTIFY) or the quarantine and records 'stored' or 'quarantined'. It happened whole or not at
/// all; the row says which, so the event and the NOTIFY happen exactly once.</item>
/// <item>stored or quarantined: the answer is read back from the row, the same that HEAD gives.</item>
/// </list>
/// Runs under the upload's lease; the row lock of step 3 keeps two finishers apart even if a lease was lost.
/// </summary>
public sealed class UploadCompletion(
    NpgsqlDataSource dataSource, UploadStore store, IObjectStore objects, StagingArea staging, UploadHashers hashers,
    RecordingRegistry recordings, IOptions<IngestOptions> options, TimeProvider clock, ILogger<UploadCompletion> logger)
{
    public async Task<Upload> FinishAsync(Upload upload, CustodyActor actor)
    {
        // Completion runs to its end even when the client has gone: the bytes are all here.
        var cancellationToken = CancellationToken.None;
        while (upload.NeedsFinishing)
        {
            if (upload.IsReceiving) await HashAsync(upload, cancellationToken);
            else if (await MoveIntoStoreAsync(upload, cancellationToken)) await RecordOutcomeAsync(upload, actor, cancellationToken);
            upload = await store.FindAsync(upload.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Upload {upload.Id} vanished while it was being completed.");
        }
        return upload;
    }

    /// <summary>Step 1: the whole file's hash, and the key it goes to, recorded before anything moves.</summary>
    private async Task HashAsync(Upload upload, CancellationToken cancellationToken)
    {
        byte[] digest;
        using (var file = staging.OpenForWrite(upload.Id))
            digest = await hashers.FinishAsync(upload.Id, file, upload.Length!.Value, cancellationToken);
        var received = Convert.ToHexStringLower(digest);
        var key = received == upload.Dock.Sha256 ? ObjectKeys.Original(received) : $"quarantine/{upload.Id:n}";
        await store.MarkCompletingAsync(upload.Id, received, key, cancellationToken);
    }

    /// <summary>Step 2: the staging file into the store, or found there already. False when the bytes are in neither.</summary>
    private async Task<bool> MoveIntoStoreAsync(Upload upload, CancellationToken cancellationToken)
    {
        var key = upload.StorageKey!;
        if (File.Exists(staging.PathOf(upload.Id)))
        {
            try
            {
                if (objects is IFileImport import) await import.ImportFileAsync(staging.PathOf(upload.Id), key, cancellationToken);
                else if (await objects.GetInfoAsync(key, cancellationToken) is null)
                {
                    await using var content = staging.OpenRead(upload.Id);
                    await objects.PutAsync(key, content, cancellationToken);
                }
            }
            catch (ObjectAlreadyExistsException)
            {
                // Stored already (an earlier attempt, or the same file docked before): write-once, same key, same bytes.
            }
            staging.Delete(upload.Id);
            return true;
        }
        var stored = await objects.GetInfoAsync(key, cancellationToken);
        if (stored is not null)
        {
            if (stored.Size != upload.Length)
                throw new InvalidOperationException($"Upload {upload.Id}: the object {key} holds {stored.Size} bytes, not {upload.Length}.");
            return true;
        }
        // Neither in staging nor in the store (the staging folder was lost or is not shared with this node): the only
        // safe way on is for the dock to send the file again. It still has it: no receipt was signed, no camera wiped.
        logger.LogError("Upload {Upload} ({Filename}) was completing but its bytes are neither in staging nor at {Key}; it starts again from zero",
            upload.Id, upload.Dock.Filename, key);
        await store.RestartAsync(upload.Id, clock.GetUtcNow() + options.Value.ExpireAfter, cancellationToken);
        return false;
    }

    /// <summary>The fields of recording.received's personal part.</summary>
    public const string Officer = "officer", Station = "station", Filename = "filename";

    /// <summary>The recording of <paramref name="upload"/>'s bytes (hashed to its <see cref="Upload.Sha256"/>): new, or the one they already are.</summary>
    private async Task<Guid> RegisterAsync(NpgsqlTransaction transaction, Upload upload, CustodyActor actor, CancellationToken cancellationToken)
    {
        var dock = upload.Dock;
        var (sha256, size) = (upload.Sha256!, upload.Length!.Value);
        var registered = await recordings.RegisterAsync(transaction,
            new NewRecording(sha256, size, dock.Filename, dock.Camera, dock.Officer, dock.RecordedAt, dock.Station, dock.Offload),
            // The officer and station are personal data that end with the images (R241-4): they sit in the event's
            // personal part, which the purge erases, while the leaf keeps its commitment to them. So does the camera's
            // file name, which often carries the officer's number and the time (events written before keep it in their
            // details, and verify as written).
            new RecordingOrigin("recording.received", actor, new JsonObject
            {
                ["upload"] = upload.Id.ToString(), ["camera"] = dock.Camera, ["offload"] = dock.Offload,
                ["recorded_at"] = dock.RecordedAt?.ToString("O"), ["size"] = size, ["sha256_received"] = sha256, ["sha256_camera"] = dock.Sha256,
            }, Personal: new PersonalPart(new JsonObject { [Officer] = dock.Officer, [Station] = dock.Station, [Filename] = dock.Filename },
                Until: null)), cancellationToken);
        return registered.Id;
    }

    /// <summary>Step 3: the recording (or the quarantine) and the upload's final state, in one transaction.</summary>
    private async Task RecordOutcomeAsync(Upload upload, CustodyActor actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var current = new NpgsqlCommand("SELECT state FROM uploads WHERE id = @id FOR UPDATE", connection, transaction))
        {
            current.Parameters.AddWithValue("id", upload.Id);
            if (await current.ExecuteScalarAsync(cancellationToken) as string != UploadState.Completing) return; // finished meanwhile
        }
        if (upload.Sha256 == upload.Dock.Sha256)
        {
            var recording = await RegisterAsync(transaction, upload, actor, cancellationToken);
            await MarkAsync(transaction, upload.Id, UploadState.Stored, recording, cancellationToken);
        }
        else
        {
            await UploadStore.ExecuteAsync(connection, transaction, """
                INSERT INTO quarantine (upload_id, reason, storage_key, size, sha256, expected_sha256)
                VALUES (@id, 'sha256-mismatch', @key, @size, @sha, @expected)
                ON CONFLICT (upload_id) DO NOTHING
                """, cancellationToken, ("id", upload.Id), ("key", upload.StorageKey), ("size", upload.Length), ("sha", upload.Sha256),
                ("expected", upload.Dock.Sha256));
            await MarkAsync(transaction, upload.Id, UploadState.Quarantined, null, cancellationToken);
            logger.LogWarning("Upload {Upload} ({Filename}, camera {Camera}) quarantined: SHA-256 {Received} differs from the camera's {Expected}",
                upload.Id, upload.Dock.Filename, upload.Dock.Camera, upload.Sha256, upload.Dock.Sha256);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task MarkAsync(NpgsqlTransaction transaction, Guid id, string state, Guid? recording, CancellationToken cancellationToken) =>
        UploadStore.ExecuteAsync(transaction.Connection!, transaction, """
            UPDATE uploads SET state = @state, recording_id = @recording, completed_at = now() WHERE id = @id
            """, cancellationToken, ("id", id), ("state", state), ("recording", recording));
}
