using System.Text.Json.Nodes;
using Cameras.Evidence;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// Registers a verified original as a recording, inside the caller's transaction: the catalog row, its retention lock,
/// its custody event and the NOTIFY for the workers, all or none. The same file docked twice finds its recording and
/// adds none, so registering again (a completion run a second time) changes nothing. Kept to this one method so the
/// catalog's own registration API can take its place.
/// </summary>
public sealed class RecordingRegistration(ICustodyLedger ledger, StoreRetention retention, IOptions<EvidenceOptions> evidence)
{
    public const string RecordingReceivedChannel = "recording_received";

    /// <summary>The fields of recording.received's personal part.</summary>
    public const string Officer = "officer", Station = "station";

    /// <summary>The recording of <paramref name="upload"/>'s bytes (hashed to its <see cref="Upload.Sha256"/>): new, or the one they already are.</summary>
    public async Task<Guid> RegisterAsync(NpgsqlTransaction transaction, Upload upload, CustodyActor actor, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var dock = upload.Dock;
        var sha256 = upload.Sha256!;
        var size = upload.Length!.Value;
        var id = Guid.CreateVersion7();
        var deleteAfter = (dock.RecordedAt ?? DateTimeOffset.UtcNow).AddDays(evidence.Value.Retention.RecordingDays);
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
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            await using var existing = new NpgsqlCommand("SELECT id FROM recordings WHERE sha256 = @sha", connection, transaction);
            existing.Parameters.AddWithValue("sha", sha256);
            return (Guid)(await existing.ExecuteScalarAsync(cancellationToken))!;
        }
        // Locked in the store before the commit: if the store refuses, no recording exists that it would let go early.
        await retention.LockUntilAsync(ObjectKeys.Original(sha256), deleteAfter, cancellationToken);
        // The officer and station are personal data that end with the images (R241-4): they sit in the event's personal
        // part, which the purge erases, while the leaf keeps its commitment to them.
        await ledger.RecordAsync(new CustodyRecord("recording.received", "recording", id.ToString(), sha256, actor, new JsonObject
        {
            ["upload"] = upload.Id.ToString(), ["filename"] = dock.Filename, ["camera"] = dock.Camera, ["offload"] = dock.Offload,
            ["recorded_at"] = dock.RecordedAt?.ToString("O"), ["size"] = size, ["sha256_received"] = sha256, ["sha256_camera"] = dock.Sha256,
        }, new PersonalPart(new JsonObject { [Officer] = dock.Officer, [Station] = dock.Station }, Until: null)), transaction, cancellationToken);
        await UploadStore.ExecuteAsync(connection, transaction, "SELECT pg_notify(@channel, @id)", cancellationToken,
            ("channel", RecordingReceivedChannel), ("id", id.ToString()));
        return id;
    }
}
