using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>The one mapping from a custody_events row to a <see cref="LedgerEvent"/>.</summary>
internal static class LedgerEventReader
{
    public const string Columns =
        "coalesce(seq, -1), id, recorded_at, action, subject_kind, subject_id, sha256, actor_subject, actor_role, details, leaf_hash";

    public static LedgerEvent Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetGuid(1), reader.GetDateTime(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetString(8),
        reader.GetString(9));

    public static byte[]? StoredLeafHash(NpgsqlDataReader reader) => reader.IsDBNull(10) ? null : (byte[])reader.GetValue(10);
}
