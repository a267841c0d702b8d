using Cameras.Evidence.Ledger;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Npgsql;

namespace Cameras.Evidence.Tests.Ledger;

/// <summary>The database itself refuses changes to ledger rows, and the application's role cannot lift that.</summary>
public sealed class AppendOnlyTests : IAsyncLifetime
{
    private LedgerHarness _ledger = null!;
    private string _appLogin = "";

    public async Task InitializeAsync()
    {
        _ledger = await LedgerHarness.CreateAsync();
        await _ledger.AppendAsync(4);
        // What an operator does once (README): a login that is a member of cameras_app, for Cameras:PostgresApp.
        _appLogin = "app_" + Guid.NewGuid().ToString("n")[..12];
        await _ledger.AsSuperuserAsync($"CREATE ROLE {_appLogin} LOGIN PASSWORD 'app-secret' IN ROLE cameras_app");
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        await using var admin = new NpgsqlConnection(TestSupport.TestEnvironment.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {_appLogin}", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private NpgsqlDataSource AppDataSource() => NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(_ledger.Database.ConnectionString) { Username = _appLogin, Password = "app-secret" }.ConnectionString);

    [Theory]
    [InlineData("UPDATE custody_events SET details = '{}' WHERE seq = 1")]
    [InlineData("UPDATE custody_events SET seq = 99 WHERE seq = 1")]
    [InlineData("DELETE FROM custody_events WHERE seq = 1")]
    [InlineData("TRUNCATE custody_events CASCADE")]
    [InlineData("DELETE FROM ledger_nodes")]
    [InlineData("UPDATE ledger_checkpoints SET note = 'x'")]
    [InlineData("DELETE FROM ledger_checkpoints")]
    public async Task Even_the_owner_cannot_change_or_delete_ledger_rows(string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _ledger.AsSuperuserAsync(sql));
        Assert.Contains("append-only", error.MessageText);
        Assert.True((await _ledger.Verifier().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Theory]
    [InlineData("ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only")]
    [InlineData("ALTER TABLE custody_events DISABLE TRIGGER ALL")]
    [InlineData("DROP TRIGGER custody_events_append_only ON custody_events")]
    [InlineData("DROP FUNCTION ledger_refuse_change() CASCADE")]
    [InlineData("SET session_replication_role = replica")]
    [InlineData("UPDATE custody_events SET details = '{}' WHERE seq = 1")]
    [InlineData("UPDATE custody_events SET seq = 99 WHERE seq = 1")]
    [InlineData("DELETE FROM custody_events WHERE seq = 1")]
    [InlineData("TRUNCATE custody_events")]
    [InlineData("UPDATE ledger_nodes SET hash = hash")]
    [InlineData("DELETE FROM ledger_checkpoints")]
    public async Task The_application_role_cannot_change_or_unguard_the_ledger(string sql)
    {
        await using var app = AppDataSource();
        await using var command = app.CreateCommand(sql);

        await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.True((await _ledger.Verifier().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task The_application_role_can_append_sequence_and_checkpoint()
    {
        await using var app = AppDataSource();
        await using var ledger = new PostgresCustodyLedger(app, new LedgerSignal());
        await ledger.RecordAsync(new CustodyRecord("recording.viewed", "recording", "r", null, CustodyActor.System),
            null, CancellationToken.None);
        await new LedgerSequencer(app, 100).DrainAsync(CancellationToken.None);
        var checkpoint = await new CheckpointIssuer(app, _ledger.Store, _ledger.Keys, "test.ledger", _ledger.Clock).IssueAsync(CancellationToken.None);

        Assert.Equal(5, checkpoint!.Size);
        Assert.True((await new LedgerVerifier(app, _ledger.Store, _ledger.Keys.Get(InstanceKeys.LedgerSigning))
            .VerifyAsync(CancellationToken.None)).Intact);
    }
}
