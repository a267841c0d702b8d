using System.Security.Cryptography;
using System.Text;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Npgsql;

namespace Cameras.Evidence.Tests.Ledger;

/// <summary>
/// Someone with full database access changes the ledger; `cameras ledger verify` (run as an operator would) must
/// say so, name the first event that does not match, and exit non-zero.
/// </summary>
public sealed class TamperTests : IAsyncLifetime
{
    private LedgerHarness _ledger = null!;

    public async Task InitializeAsync()
    {
        _ledger = await LedgerHarness.CreateAsync();
        await _ledger.AppendAsync(8);
        await _ledger.AppendAsync(8);
        await _ledger.AppendAsync(4); // checkpoints at 8, 16 and 20
    }

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    [Fact]
    public async Task An_untouched_ledger_verifies()
    {
        var result = await _ledger.VerifyWithCliAsync();

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("INTACT: 20 events, 3 signed checkpoints", result.Stdout);
    }

    [Fact]
    public async Task One_rows_details_changed()
    {
        await _ledger.AsSuperuserAsync("""
            SET session_replication_role = replica;
            UPDATE custody_events SET details = '{"filename":"other.mp4","size":1}' WHERE seq = 5
            """);

        await AssertNamesFirstBadEventAsync(5);
    }

    [Fact]
    public async Task A_row_deleted_with_the_trigger_disabled_by_a_superuser()
    {
        await _ledger.AsSuperuserAsync("""
            ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only;
            DELETE FROM custody_events WHERE seq = 11;
            ALTER TABLE custody_events ENABLE TRIGGER custody_events_append_only
            """);

        await AssertNamesFirstBadEventAsync(11);
    }

    [Fact]
    public async Task Two_rows_swapped()
    {
        await _ledger.AsSuperuserAsync("""
            SET session_replication_role = replica;
            UPDATE custody_events SET seq = 1000 WHERE seq = 3;
            UPDATE custody_events SET seq = 3 WHERE seq = 4;
            UPDATE custody_events SET seq = 4 WHERE seq = 1000
            """);

        await AssertNamesFirstBadEventAsync(3);
    }

    [Fact]
    public async Task A_checkpoint_replaced_in_the_database_and_the_object_store()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Checkpoint.Sign("test.ledger", 16, RandomNumberGenerator.GetBytes(32), DateTimeOffset.UtcNow, attacker,
            _ledger.Keys.KeyId(InstanceKeys.LedgerSigning));
        await _ledger.AsSuperuserAsync($"""
            SET session_replication_role = replica;
            UPDATE ledger_checkpoints SET note = '{forged.Note}', root_hash = '\x{Convert.ToHexStringLower(forged.RootHash)}' WHERE size = 16
            """);
        File.WriteAllText(Path.Combine(_ledger.DataFolder, "objects", Checkpoint.ObjectKey(16)), forged.Note);

        var result = await _ledger.VerifyWithCliAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("checkpoint 16 in the object store: its signature does not verify", result.Stdout);
        Assert.Contains("checkpoint 16 in the database: its signature does not verify", result.Stdout);
    }

    [Fact]
    public async Task A_stored_tree_node_changed()
    {
        await _ledger.AsSuperuserAsync($"""
            SET session_replication_role = replica;
            UPDATE ledger_nodes SET hash = '\x{new string('0', 64)}' WHERE level = 2 AND idx = 1
            """);

        var result = await _ledger.VerifyWithCliAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stored tree node L2:1 (events 4 to 7) differs", result.Stdout);
    }

    [Fact]
    public async Task The_whole_chain_recomputed_by_an_attacker_without_the_signing_key()
    {
        await _ledger.AsSuperuserAsync("""
            SET session_replication_role = replica;
            UPDATE custody_events SET details = '{"filename":"planted.mp4","size":1}' WHERE seq = 6
            """);
        await RecomputeEverythingAsync();

        await AssertNamesFirstBadEventAsync(6);
    }

    private async Task AssertNamesFirstBadEventAsync(long seq)
    {
        var result = await _ledger.VerifyWithCliAsync();

        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        Assert.True(result.Stdout.Contains($"NOT INTACT: the first event that does not match is #{seq}."), result.Stdout);
    }

    /// <summary>What an attacker with the database but not the key can do: new leaf hashes, nodes and checkpoints that agree.</summary>
    private async Task RecomputeEverythingAsync()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var connection = new NpgsqlConnection(_ledger.Database.ConnectionString);
        await connection.OpenAsync();
        var events = new List<LedgerEvent>();
        await using (var read = new NpgsqlCommand(
            "SELECT seq, id, recorded_at, action, subject_kind, subject_id, sha256, actor_subject, actor_role, details FROM custody_events ORDER BY seq", connection))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                events.Add(new LedgerEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetDateTime(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9)));
        var sql = new StringBuilder("SET session_replication_role = replica; DELETE FROM ledger_nodes; DELETE FROM ledger_checkpoints;");
        var range = new CompactRange((id, hash) =>
        {
            if (id.Level > 0) sql.Append($"INSERT INTO ledger_nodes VALUES ({id.Level}, {id.Index}, '\\x{Convert.ToHexStringLower(hash)}');");
        });
        foreach (var e in events)
        {
            var leaf = e.LeafHash();
            sql.Append($"UPDATE custody_events SET leaf_hash = '\\x{Convert.ToHexStringLower(leaf)}' WHERE seq = {e.Seq};");
            range.Append(leaf);
            if (range.Size is 8 or 16 or 20)
            {
                var forged = Checkpoint.Sign("test.ledger", range.Size, range.GetRootHash(), DateTimeOffset.UtcNow, attacker, "0000000000000000");
                sql.Append($"INSERT INTO ledger_checkpoints VALUES ({range.Size}, '\\x{Convert.ToHexStringLower(forged.RootHash)}', now(), '{forged.KeyId}', '{forged.Note}');");
            }
        }
        await using var write = new NpgsqlCommand(sql.ToString(), connection);
        await write.ExecuteNonQueryAsync();
    }
}
