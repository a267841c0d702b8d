using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>Legal holds over HTTP: placed with a procedure and a reason, lifted with a reason; the purge obeys them.</summary>
public sealed class LegalHoldApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    // The evidence API alone: a worker would process the seeded (random, unplayable) recordings and add its own
    // custody events while the test counts them.
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null, "kept", "procedure-required")]
    [InlineData("PV-1", " ", "reason-required")]
    public async Task A_hold_without_procedure_or_reason_is_400_and_nothing_is_held(string? procedure, string? reason, string code)
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        // The recording's own officer (a magistrate reaches only what was shared with them: tests/Cameras.Tests/Access).
        using var officer = _server.ClientFor(Roles.Officer, "officer-1");

        using var response = await officer.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds", new { procedure, reason });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, (await officer.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording.Id}/holds")).GetArrayLength());
    }

    [Fact]
    public async Task The_purge_keeps_held_recordings_until_the_hold_is_lifted()
    {
        var held = await SeededRecordings.SeedAsync(_server, daysAgo: 45);
        // An admin reaches every recording; a magistrate only those shared with them (tests/Cameras.Tests/Access).
        using var holder = _server.ClientFor(Roles.Admin, "admin-holds");
        using var admin = _server.ClientFor(Roles.Admin);
        using var placed = await holder.PostAsJsonAsync($"/api/recordings/{held.Id}/holds", new { procedure = "PV-2026-9", reason = "trial" });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var hold = await placed.Content.ReadFromJsonAsync<JsonElement>();

        var first = await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var noReason = await holder.DeleteAsync($"/api/recordings/{held.Id}/holds/{hold.GetProperty("id")}");
        using var lifted = await holder.DeleteAsync($"/api/recordings/{held.Id}/holds/{hold.GetProperty("id")}?reason=judgment%20final");
        var second = await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var media = await admin.GetAsync($"/api/recordings/{held.Id}/media?reason=check&motif=judiciaire");

        Assert.Equal(0, first.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Equal(held.Id, second[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Gone, media.StatusCode);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        var custody = await _server.CustodyAsync(held.Id);
        Assert.Equal(["hold.placed", "hold.lifted", "recording.purged"],
            custody.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetProperty("action").GetString()));
        Assert.True((await (await admin.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intact").GetBoolean());
    }
}
