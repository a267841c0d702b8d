using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Storage;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Recordings;

/// <summary>An original to register: its bytes already stored under <see cref="ObjectKeys.Original"/> of its SHA-256.</summary>
public sealed record NewRecording(
    string Sha256, long Size, string? Filename, string? Camera, string? Officer, DateTimeOffset? RecordedAt,
    string? Station = null, string? Offload = null);

/// <summary>
/// How the original came to be (<c>recording.received</c> from an upload, <c>recording.assembled</c> from a live feed):
/// the custody event registering it records. <paramref name="AlsoWhenKnown"/>: the event is recorded for a recording
/// that already existed too (an assembly's lineage names the recording its feed became, whoever registered it first).
/// <paramref name="Personal"/>: the event's personal part (the officer and station of a docked recording, the officer of an
/// assembled one), erased with the images.
/// </summary>
public sealed record RecordingOrigin(string Action, CustodyActor Actor, JsonObject Details, bool AlsoWhenKnown = false,
    PersonalPart? Personal = null);

/// <summary>The recording an original is: <paramref name="Created"/> when this registration made it.</summary>
public sealed record RegisteredRecording(Guid Id, bool Created);

/// <summary>
/// The one owner of a recording's registration (the only code that inserts into <c>recordings</c>), inside the caller's
/// transaction: the catalog row with its retention date, the original's retention lock in the store (S3 Object Lock,
/// Azure immutability), the custody event and the NOTIFY the workers listen for, all or none. The same bytes
/// registered twice find their recording and add none, so registering again changes nothing.
/// </summary>
public sealed class RecordingRegistry(ICustodyLedger ledger, StoreRetention retention, IOptions<EvidenceOptions> evidence, TimeProvider clock)
{
    /// <summary>The NOTIFY channel a new recording is announced on (the workers' queue listens).</summary>
    public const string ReceivedChannel = "recording_received";

    /// <summary>The date a recording made at <paramref name="recordedAt"/> (now when unknown) may be deleted.</summary>
    public DateTimeOffset DeleteAfter(DateTimeOffset? recordedAt) =>
        (recordedAt ?? clock.GetUtcNow()).AddDays(evidence.Value.Retention.RecordingDays);

    public async Task<RegisteredRecording> RegisterAsync(NpgsqlTransaction transaction, NewRecording recording, RecordingOrigin origin,
        CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var key = ObjectKeys.Original(recording.Sha256);
        var deleteAfter = DeleteAfter(recording.RecordedAt);
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, officer, station, offload_id, recorded_at, delete_after)
            VALUES (@id, @Sha256, @Size, @key, @Filename, @Camera, @Officer, @Station, @Offload, @RecordedAt, @deleteAfter)
            ON CONFLICT (sha256) DO NOTHING
            RETURNING id
            """, new
        {
            id = Guid.CreateVersion7(), recording.Sha256, recording.Size, key, recording.Filename, recording.Camera, recording.Officer,
            recording.Station, recording.Offload, recording.RecordedAt, deleteAfter,
        }, transaction, cancellationToken: cancellationToken));
        var created = id is not null;
        id ??= await connection.QuerySingleAsync<Guid>(new CommandDefinition(
            "SELECT id FROM recordings WHERE sha256 = @Sha256", new { recording.Sha256 }, transaction, cancellationToken: cancellationToken));
        if (!created && !origin.AlsoWhenKnown) return new RegisteredRecording(id.Value, false);
        // Locked in the store before the commit: if the store refuses, no recording exists that it would let go early.
        if (created) await retention.LockUntilAsync(key, deleteAfter, cancellationToken);
        await ledger.RecordAsync(new CustodyRecord(origin.Action, "recording", id.Value.ToString(), recording.Sha256, origin.Actor,
            origin.Details, origin.Personal), transaction, cancellationToken);
        if (created)
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @id)",
                new { channel = ReceivedChannel, id = id.Value.ToString() }, transaction, cancellationToken: cancellationToken));
        return new RegisteredRecording(id.Value, created);
    }
}
