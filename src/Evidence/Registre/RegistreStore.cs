using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Cameras.Evidence.Registre;

/// <summary>
/// Reads the register: the sequenced ledger events that are traced operations, with their personal part (or the
/// mark of its erasure), newest first. A person and period query runs on ledger_personal's (matricule, recorded_at)
/// index; everything else on the ledger's own indexes. Nothing here writes: the ledger is the register's only source,
/// with the catalog for the camera of an operation on a recording whose event does not name it (a hold, a bookmark, a
/// purge): the camera is the recording's, not personal, and stays after the purge.
/// </summary>
public sealed class RegistreStore(NpgsqlDataSource dataSource)
{
    /// <summary>One page, newest first, after the cursor <see cref="RegistreFilter.Before"/> (a sequence number).</summary>
    public async Task<RegistrePage> PageAsync(RegistreFilter filter, CancellationToken cancellationToken)
    {
        var entries = new List<RegistreEntry>(filter.Limit);
        await foreach (var entry in QueryAsync(filter, filter.Limit + 1, cancellationToken)) entries.Add(entry);
        var more = entries.Count > filter.Limit;
        if (more) entries.RemoveAt(entries.Count - 1);
        return new RegistrePage(entries, more ? entries[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Every entry the filter matches, streamed from one query (for the CSV and the report).</summary>
    public IAsyncEnumerable<RegistreEntry> AllAsync(RegistreFilter filter, CancellationToken cancellationToken) =>
        QueryAsync(filter, null, cancellationToken);

    private async IAsyncEnumerable<RegistreEntry> QueryAsync(RegistreFilter filter, int? limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        var where = new List<string> { "e.seq IS NOT NULL", "e.action = ANY(@actions)" };
        var actions = filter.Kind is null ? OperationKinds.ByAction.Keys : OperationKinds.ActionsOf(filter.Kind);
        command.Parameters.Add(new NpgsqlParameter("actions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = actions.ToArray() });
        void Add(string condition, string name, object value)
        {
            where.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }
        if (filter.Matricule is not null)
        {
            Add("lp.matricule = @matricule", "matricule", filter.Matricule);
            // The same bounds on the copy of the time beside the matricule, so the (matricule, recorded_at) index serves.
            if (filter.From is { } f) Add("lp.recorded_at >= @pfrom", "pfrom", f.UtcDateTime);
            if (filter.To is { } t) Add("lp.recorded_at < @pto", "pto", t.UtcDateTime);
        }
        if (filter.From is { } from) Add("e.recorded_at >= @from", "from", from.UtcDateTime);
        if (filter.To is { } to) Add("e.recorded_at < @to", "to", to.UtcDateTime);
        if (filter.Recording is not null) Add("e.subject_kind = 'recording' AND e.subject_id = @recording", "recording", filter.Recording);
        if (filter.Camera is not null)
            Add("""
                ((e.details::jsonb) ->> 'camera' = @camera
                 OR e.subject_kind = 'recording' AND e.subject_id IN (SELECT id::text FROM recordings WHERE camera = @camera))
                """, "camera", filter.Camera);
        if (filter.Procedure is not null) Add("(e.details::jsonb) ->> 'procedure' = @procedure", "procedure", filter.Procedure);
        if (filter.Before is { } before) Add("e.seq < @before", "before", before);
        command.CommandText = $"""
            SELECT e.id, e.seq, e.recorded_at, e.action, e.actor_subject, e.actor_role, e.subject_kind, e.subject_id, e.details,
                   lp.fields, lp.erased_at IS NOT NULL,
                   coalesce((e.details::jsonb) ->> 'camera', (SELECT r.camera FROM recordings r
                       WHERE r.id = CASE WHEN e.subject_kind = 'recording' THEN e.subject_id::uuid END))
            FROM custody_events e LEFT JOIN ledger_personal lp ON lp.event_id = e.id
            WHERE {string.Join(" AND ", where)}
            ORDER BY e.seq DESC {(limit is { } n ? $"LIMIT {n}" : "")}
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return Read(reader);
    }

    private static RegistreEntry Read(NpgsqlDataReader reader)
    {
        using var details = JsonDocument.Parse(reader.GetString(8));
        using var personal = reader.IsDBNull(9) ? null : JsonDocument.Parse(reader.GetString(9));
        string? Detail(string name) => Text(details.RootElement, name);
        var actor = personal is not null && personal.RootElement.TryGetProperty("actor", out var a) ? a : default;
        string? Person(string name) => actor.ValueKind == JsonValueKind.Object ? Text(actor, name) : null;
        string? Personal(string name) => personal is null ? null : Text(personal.RootElement, name);
        var action = reader.GetString(3);
        return new RegistreEntry(reader.GetInt64(1), reader.GetDateTime(2), OperationKinds.ByAction[action], action,
            reader.IsDBNull(4) ? Person(Custody.PersonalPart.SubjectField) : reader.GetString(4), reader.GetString(5), Person("matricule"), Person("nom"), Person("prenom"), Person("grade"), Person("service"),
            Detail("motif"), Personal("reason") ?? Detail("reason"), Personal("recipient"), Detail("procedure"), reader.GetString(6), reader.GetString(7),
            reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetBoolean(10), Personal("recipient_service")) { Id = reader.GetGuid(0) };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
