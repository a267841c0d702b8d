using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>The one mapping from a custody_events row (and its personal part, when it has one) to a <see cref="LedgerEvent"/>.</summary>
internal static class LedgerEventReader
{
    /// <summary>The rows to select <see cref="Columns"/> from: custody_events as <c>e</c>, its personal part as <c>lp</c>.</summary>
    public const string From = "custody_events e LEFT JOIN ledger_personal lp ON lp.event_id = e.id";

    public const string Columns =
        "coalesce(e.seq, -1), e.id, e.recorded_at, e.action, e.subject_kind, e.subject_id, e.sha256, e.actor_subject, " +
        "e.actor_role, e.details, e.leaf_hash, e.personal_sha256, e.personal_until, lp.event_id IS NOT NULL, lp.salt, lp.fields, lp.erased_at";

    public static LedgerEvent Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetGuid(1), reader.GetDateTime(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8),
        reader.GetString(9), reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : reader.GetDateTime(12));

    public static byte[]? StoredLeafHash(NpgsqlDataReader reader) => reader.IsDBNull(10) ? null : (byte[])reader.GetValue(10);

    public static StoredPersonal Personal(NpgsqlDataReader reader) => !reader.GetBoolean(13)
        ? StoredPersonal.None
        : new StoredPersonal(true, reader.IsDBNull(14) ? null : (byte[])reader.GetValue(14),
            reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetDateTime(16));
}
