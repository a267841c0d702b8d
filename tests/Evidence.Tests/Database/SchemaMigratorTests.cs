using Cameras.Evidence.Database;
using Cameras.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cameras.Evidence.Tests.Database;

public sealed class SchemaMigratorTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private SchemaMigrator Migrator(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task An_empty_database_gets_every_migration_in_order()
    {
        await using var dataSource = _database.CreateDataSource();
        var applied = await Migrator(dataSource).MigrateAsync(CancellationToken.None);

        Assert.Equal(SchemaMigrator.All.Select(m => m.Version), applied);
        Assert.Equal(applied, await AppliedVersions(dataSource));
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM recordings");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Applying_twice_changes_nothing()
    {
        await using var dataSource = _database.CreateDataSource();
        await Migrator(dataSource).MigrateAsync(CancellationToken.None);
        var before = await AppliedTimes(dataSource);

        var second = await Migrator(dataSource).MigrateAsync(CancellationToken.None);

        Assert.Empty(second);
        Assert.Equal(before, await AppliedTimes(dataSource));
    }

    [Fact]
    public async Task Nodes_starting_together_apply_each_migration_once()
    {
        var sources = Enumerable.Range(0, 4).Select(_ => _database.CreateDataSource()).ToList();
        try
        {
            var results = await Task.WhenAll(sources.Select(s => Migrator(s).MigrateAsync(CancellationToken.None)));

            var all = results.SelectMany(r => r).ToList();
            Assert.Equal(SchemaMigrator.All.Select(m => m.Version).Order(), all.Order());
            Assert.Equal(SchemaMigrator.All.Count, (await AppliedVersions(sources[0])).Count);
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Migration_026_turns_the_recordings_left_processing_after_failing_for_good_into_failed()
    {
        await using var dataSource = _database.CreateDataSource();
        await Migrator(dataSource).MigrateAsync(CancellationToken.None);
        // As a database before 026 held them: a recording whose job failed for good kept 'processing' and said so in its
        // reason; one under way has no reason (each run clears it as it starts).
        var stuck = Guid.NewGuid();
        var running = Guid.NewGuid();
        await using (var seed = dataSource.CreateCommand("""
            INSERT INTO recordings (id, sha256, size, storage_key, status, status_reason) VALUES
              (@stuck, repeat('a', 64), 1, 'originals/a', 'processing', 'Step proxy failed for good at attempt 4: refused'),
              (@running, repeat('b', 64), 1, 'originals/b', 'processing', NULL);
            DELETE FROM schema_migrations WHERE version = 26;
            """))
        {
            seed.Parameters.AddWithValue("stuck", stuck);
            seed.Parameters.AddWithValue("running", running);
            await seed.ExecuteNonQueryAsync();
        }

        Assert.Equal([26], await Migrator(dataSource).MigrateAsync(CancellationToken.None));

        Assert.Equal(("failed", "Step proxy failed for good at attempt 4: refused"), await StatusOf(dataSource, stuck));
        Assert.Equal(("processing", (string?)null), await StatusOf(dataSource, running));
    }

    private static async Task<(string Status, string? Reason)> StatusOf(NpgsqlDataSource dataSource, Guid id)
    {
        await using var command = dataSource.CreateCommand("SELECT status, status_reason FROM recordings WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    // A gap would mean a migration lost in a merge: numbers run 1, 2, 3… with none missing.
    [Fact]
    public void Migrations_are_numbered_from_one_without_gaps()
    {
        var versions = SchemaMigrator.All.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    private static async Task<List<int>> AppliedVersions(NpgsqlDataSource dataSource)
    {
        var versions = new List<int>();
        await using var command = dataSource.CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return versions;
    }

    private static async Task<List<DateTime>> AppliedTimes(NpgsqlDataSource dataSource)
    {
        var times = new List<DateTime>();
        await using var command = dataSource.CreateCommand("SELECT applied_at FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) times.Add(reader.GetDateTime(0));
        return times;
    }
}
