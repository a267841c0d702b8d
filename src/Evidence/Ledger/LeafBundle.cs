using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// The leaf hashes of events [from, to), concatenated (32 bytes each), written once to the object store beside the
/// checkpoint of size <c>to</c>: <c>ledger/leaves/FROM-TO</c> (both 20 digits).
/// </summary>
public static class LeafBundle
{
    public const string Prefix = "ledger/leaves/";

    public static string ObjectKey(long from, long to) => $"{Prefix}{from:D20}-{to:D20}";

    /// <summary>(from, to) from a key, or null when the key is not a bundle's.</summary>
    public static (long From, long To)? ParseKey(string key)
    {
        var name = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : "";
        var parts = name.Split('-');
        return parts.Length == 2 && long.TryParse(parts[0], out var from) && long.TryParse(parts[1], out var to) && from < to
            ? (from, to) : null;
    }

    internal static async Task<byte[]> ReadAsync(NpgsqlConnection connection, long from, long to, CancellationToken cancellationToken)
    {
        var bytes = new byte[checked((int)((to - from) * MerkleHasher.HashSize))];
        await using var command = new NpgsqlCommand(
            "SELECT seq, leaf_hash FROM custody_events WHERE seq >= @from AND seq < @to ORDER BY seq", connection);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ((byte[])reader.GetValue(1)).CopyTo(bytes, (reader.GetInt64(0) - from) * MerkleHasher.HashSize);
        return bytes;
    }
}
