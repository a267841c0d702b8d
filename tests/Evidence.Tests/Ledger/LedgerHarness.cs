using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Database;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cameras.Evidence.Tests.Ledger;

/// <summary>A real ledger: its own migrated database, data folder (keys, filesystem object store), and the ledger's parts.</summary>
public sealed class LedgerHarness : IAsyncDisposable
{
    private LedgerHarness(TestDatabase database, string data)
    {
        Database = database;
        DataFolder = data;
        DataSource = database.CreateDataSource();
        Store = new FileSystemObjectStore(Path.Combine(data, "objects"));
        Keys = new InstanceKeys(Path.Combine(data, "keys"));
        Signal = new LedgerSignal();
        Ledger = new PostgresCustodyLedger(DataSource, Signal);
        Sequencer = new LedgerSequencer(DataSource, 5000);
        Issuer = new CheckpointIssuer(DataSource, Store, Keys, "test.ledger", Clock);
        Reader = new LedgerReader(DataSource);
    }

    public TestDatabase Database { get; }
    /// <summary>The checkpoints' clock, which a test may move.</summary>
    public MovableClock Clock { get; } = new();
    public string DataFolder { get; }
    public NpgsqlDataSource DataSource { get; }
    public FileSystemObjectStore Store { get; }
    public InstanceKeys Keys { get; }
    public LedgerSignal Signal { get; }
    public PostgresCustodyLedger Ledger { get; }
    public LedgerSequencer Sequencer { get; }
    public CheckpointIssuer Issuer { get; }
    public LedgerReader Reader { get; }

    public static async Task<LedgerHarness> CreateAsync()
    {
        var database = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("cameras-ledger-").FullName;
        await using (var owner = database.CreateDataSource())
            await new SchemaMigrator(owner, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return new LedgerHarness(database, data);
    }

    public LedgerVerifier Verifier() => new(DataSource, Store, Keys.Get(InstanceKeys.LedgerSigning));

    /// <summary>Records <paramref name="count"/> events about recording-like subjects, sequences them, optionally checkpoints.</summary>
    public async Task AppendAsync(int count, bool checkpoint = true)
    {
        await RecordAsync(count);
        await Sequencer.DrainAsync(CancellationToken.None);
        if (checkpoint) await Issuer.IssueAsync(CancellationToken.None);
    }

    /// <summary>Records events without sequencing them.</summary>
    public async Task RecordAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var n = Random.Shared.Next();
            await Ledger.RecordAsync(new CustodyRecord("recording.received", "recording", Guid.NewGuid().ToString(),
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(n))),
                new CustodyActor("dock-7", Roles.Dock), new JsonObject { ["size"] = n, ["filename"] = $"clip {n}.mp4" }),
                null, CancellationToken.None);
        }
    }

    /// <summary>Runs SQL as the suite's superuser, as an attacker with full database access would.</summary>
    public async Task AsSuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>`cameras ledger verify --data DATA` against this database, as an operator would run it.</summary>
    public Task<ExternalProcess.Result> VerifyWithCliAsync() =>
        ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "ledger", "verify", "--data", DataFolder],
            new Dictionary<string, string?> { ["Cameras__Postgres"] = Database.ConnectionString, ["Cameras__PostgresApp"] = null });

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}
