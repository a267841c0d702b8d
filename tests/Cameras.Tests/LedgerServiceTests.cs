using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests;

/// <summary>The server as deployed: checkpoints issued on their own, and everything working through the app role.</summary>
public sealed class LedgerServiceTests
{
    [Fact]
    public async Task A_checkpoint_is_issued_on_its_own_after_N_events()
    {
        await using var server = await TestServer.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Cameras:Ledger:CheckpointEvents"] = "5",
            ["Cameras:Ledger:CheckpointSeconds"] = "3600",
        });
        var ledger = server.Services.GetRequiredService<ICustodyLedger>();
        for (var i = 0; i < 5; i++)
            await ledger.RecordAsync(new CustodyRecord("recording.received", "recording", $"r{i}", null, CustodyActor.System), null, CancellationToken.None);
        using var magistrate = server.ClientFor(Roles.Magistrate);

        long size = 0;
        for (var attempt = 0; attempt < 100 && size < 5; attempt++)
        {
            await Task.Delay(100);
            var list = await magistrate.GetFromJsonAsync<JsonElement>("/api/ledger/checkpoints");
            size = list.GetProperty("latest") is { ValueKind: JsonValueKind.Object } latest ? latest.GetProperty("size").GetInt64() : 0;
        }

        Assert.Equal(5, size);
    }

    [Fact]
    public async Task The_server_works_through_the_app_role_that_cannot_alter_the_ledger()
    {
        var login = "web_" + Guid.NewGuid().ToString("n")[..12];
        // The migrations create cameras_app; a first server start on this cluster may be needed before the login can join it.
        await using (var first = await TestServer.StartAsync()) { }
        await Exec(TestEnvironment.Postgres, $"CREATE ROLE {login} LOGIN PASSWORD 'web-secret' IN ROLE cameras_app");
        try
        {
            // The evidence API alone: a worker would add its own events for the seeded recording while they are counted.
            await using var server = await TestServer.StartAsync(ServerRoles.Parse("evidence"), appLogin: (login, "web-secret"));
            var recording = await SeededRecordings.SeedAsync(server, daysAgo: 40);
            using var admin = server.ClientFor(Roles.Admin);

            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/recordings/{recording.Id}/media?reason=audit&motif=administratif")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds",
                new { procedure = "PV-3", reason = "trial", motif = "judiciaire" })).StatusCode);
            Assert.Equal(0, (await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/ledger/checkpoints", null)).StatusCode);
            var verdict = await (await admin.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(verdict.GetProperty("intact").GetBoolean());
            Assert.Equal(2, verdict.GetProperty("events").GetInt64());
            var error = await Assert.ThrowsAsync<PostgresException>(() => Exec(server.AppConnectionString!, "DELETE FROM custody_events"));
            Assert.Equal("42501", error.SqlState);
        }
        finally
        {
            await Exec(TestEnvironment.Postgres, $"DROP ROLE IF EXISTS {login}");
        }
    }

    private static async Task Exec(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
