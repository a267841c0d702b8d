using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Recordings;

/// <summary>
/// Body of <c>PATCH /api/recordings/{id}</c>: the catalog fields to correct (absent or null: unchanged; an empty
/// string: cleared), with the motif and reason of the correction (or query <c>motif</c>/<c>reason</c>, X-Motif/X-Reason).
/// </summary>
public sealed record EditRecordingRequest(string? Officer, string? Station, string? Description, string? Motif = null, string? Reason = null);

/// <summary>
/// The one owner of corrections to a recording's catalog metadata (the dock can attribute a recording to the wrong
/// agent or unit): the officer, the station and a description, in one transaction with its <c>recording.edited</c>
/// event (a modification in the register). The leaf says which fields changed and why by motif; the author and reason
/// sit in its personal part, kept Cameras:Retention:AccessLogDays (R241-5). The before and after values are the
/// recording's own personal data, which end with its images (R241-4): an event's personal part has one term, so they
/// sit in a second event, <c>recording.edited.values</c> (naming the first), whose part the recording's purge erases.
/// The original, its hash and its history never change. The officer decides who may see the recording as its agent
/// (<see cref="AccessScope"/>), so a corrected officer moves it to the new agent's view.
/// </summary>
public sealed class RecordingCorrections(NpgsqlDataSource dataSource, ICustodyLedger ledger, AccessLog accessLog, RecordingCatalog catalog)
{
    public const string Edited = "recording.edited";

    /// <summary>The values before and after a correction; no entry of the register (its <see cref="Edited"/> is).</summary>
    public const string EditedValues = "recording.edited.values";

    public const int DescriptionLength = 1000;

    private sealed record Current(string Sha256, string Status, string? Officer, string? Station, string? Description);

    /// <summary>Corrects recording <paramref name="id"/>; nothing is written when nothing changes.</summary>
    /// <returns>the recording as it now is, or the error to answer with</returns>
    public async Task<(Recording? Recording, ErrorDescriptor? Error, string Detail)> EditAsync(Guid id, EditRecordingRequest request,
        TracedModification.Stated stated, CancellationToken cancellationToken)
    {
        if (request is { Officer: null, Station: null, Description: null })
            return (null, EvidenceErrors.BadEdit, "Give at least one field to correct: officer, station or description (an empty string clears it).");
        if (request.Description?.Trim().Length > DescriptionLength)
            return (null, EvidenceErrors.BadEdit, $"The description must be at most {DescriptionLength} characters.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // Locking the row orders this against the purge, which erases the same fields under the same lock.
        var current = await connection.QuerySingleOrDefaultAsync<Current>(new CommandDefinition(
            "SELECT sha256, status, officer, station, description FROM recordings WHERE id = @id FOR UPDATE", new { id }, tx,
            cancellationToken: cancellationToken));
        if (current is null) return (null, EvidenceErrors.RecordingNotFound, $"No recording has the id {id}.");
        if (current.Status == RecordingStatus.Purged)
            return (null, EvidenceErrors.RecordingPurged,
                "This recording was deleted by the retention policy, and its officer, station and description erased with it (CSI R241-4): there is nothing left to correct.");
        var after = new Current(current.Sha256, current.Status, Corrected(request.Officer, current.Officer),
            Corrected(request.Station, current.Station), Corrected(request.Description, current.Description));
        var changed = Changed(current, after);
        if (changed.Count > 0)
        {
            var edit = await ledger.RecordAsync(new CustodyRecord(Edited, "recording", id.ToString(), current.Sha256, stated.Actor,
                new JsonObject { ["motif"] = stated.Motif, ["fields"] = Names(changed) },
                accessLog.AuthorOf(stated.Actor, stated.Reason)), tx, cancellationToken);
            await ledger.RecordAsync(new CustodyRecord(EditedValues, "recording", id.ToString(), current.Sha256, stated.Actor,
                new JsonObject { ["edit"] = edit.ToString(), ["fields"] = Names(changed) },
                BeforeAndAfter(stated.Actor, changed, current, after)), tx, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE recordings SET officer = @Officer, station = @Station, description = @Description WHERE id = @id",
                new { id, after.Officer, after.Station, after.Description }, tx, cancellationToken: cancellationToken));
        }
        await tx.CommitAsync(cancellationToken);
        return (await catalog.FindAsync(id, AccessScope.Everything, cancellationToken), null, "");
    }

    /// <summary>The field's value after the correction: unchanged when not given, cleared when given empty.</summary>
    private static string? Corrected(string? given, string? current) =>
        given is null ? current : string.IsNullOrWhiteSpace(given) ? null : given.Trim();

    private static List<string> Changed(Current before, Current after) =>
        new (string Name, string? Before, string? After)[]
        {
            ("officer", before.Officer, after.Officer), ("station", before.Station, after.Station),
            ("description", before.Description, after.Description),
        }.Where(f => f.Before != f.After).Select(f => f.Name).ToList();

    private static JsonArray Names(IReadOnlyList<string> changed) => [.. changed.Select(f => (JsonNode)f)];

    /// <summary>
    /// <c>before</c> and <c>after</c>: the values of the changed fields (null: none), ending with the recording (no term of
    /// its own). The author's subject is in it too, so that the event's row and leaf do not name them (version 3).
    /// </summary>
    private static PersonalPart BeforeAndAfter(CustodyActor actor, IReadOnlyList<string> changed, Current before, Current after)
    {
        JsonObject Values(Current c)
        {
            var values = new JsonObject();
            foreach (var field in changed)
                values[field] = field switch { "officer" => c.Officer, "station" => c.Station, _ => c.Description };
            return values;
        }
        return new PersonalPart(new JsonObject
        {
            ["actor"] = new JsonObject { [PersonalPart.SubjectField] = actor.Subject },
            ["before"] = Values(before), ["after"] = Values(after),
        }, Until: null);
    }
}
