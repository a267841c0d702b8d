using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>Legal holds over HTTP: placed with a procedure, a motif and a reason, lifted with a motif and a reason; the purge obeys them.</summary>
public sealed class LegalHoldApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    // The evidence API alone: a worker would process the seeded (random, unplayable) recordings and add its own
    // custody events while the test counts them.
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>An agent states one of the L241-1 purposes as the motif of a hold on their recording, as for a consultation.</summary>
    [Theory]
    [InlineData(null, "kept", "compte_rendu", "procedure-required")]
    [InlineData("PV-1", " ", "compte_rendu", "reason-required")]
    [InlineData("PV-1", "kept", null, "motif-required")]
    [InlineData("PV-1", "kept", "curiosité", "motif-required")]
    public async Task A_hold_without_procedure_reason_or_motif_is_400_and_nothing_is_held(string? procedure, string? reason, string? motif, string code)
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        // The recording's own officer (a magistrate reaches only what was shared with them: tests/Cameras.Tests/Access).
        using var officer = _server.ClientFor(Roles.Officer, "officer-1");

        using var response = await officer.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds", new { procedure, reason, motif });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, (await officer.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording.Id}/holds")).GetArrayLength());
        Assert.Equal(0, (await _server.CustodyAsync(recording.Id)).GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task The_purge_keeps_held_recordings_until_the_hold_is_lifted()
    {
        var held = await SeededRecordings.SeedAsync(_server, daysAgo: 45);
        // An admin reaches every recording; a magistrate only those shared with them (tests/Cameras.Tests/Access).
        using var holder = _server.ClientFor(Roles.Admin, "admin-holds");
        using var admin = _server.ClientFor(Roles.Admin);
        // The motif as a query parameter: it serves for a JSON body too (the body's "motif" comes first when both are given).
        using var placed = await holder.PostAsJsonAsync($"/api/recordings/{held.Id}/holds?motif=judiciaire",
            new { procedure = "PV-2026-9", reason = "signalé par M. Durand" });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var hold = await placed.Content.ReadFromJsonAsync<JsonElement>();

        var first = await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var noReason = await holder.DeleteAsync($"/api/recordings/{held.Id}/holds/{hold.GetProperty("id")}?motif=judiciaire");
        using var noMotif = await holder.DeleteAsync($"/api/recordings/{held.Id}/holds/{hold.GetProperty("id")}?reason=judgment%20final");
        using var lift = new HttpRequestMessage(HttpMethod.Delete, $"/api/recordings/{held.Id}/holds/{hold.GetProperty("id")}?reason=judgment%20final");
        lift.Headers.Add("X-Motif", "judiciaire"); // the header serves as the query parameter does
        using var lifted = await holder.SendAsync(lift);
        var second = await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var media = await admin.GetAsync($"/api/recordings/{held.Id}/media?reason=check&motif=judiciaire");

        Assert.Equal(0, first.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("motif-required", (await noMotif.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        var liftedHold = await lifted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("signalé par M. Durand", "judiciaire", "judgment final", false),
            (liftedHold.GetProperty("reason").GetString(), liftedHold.GetProperty("motif").GetString(), liftedHold.GetProperty("liftReason").GetString(),
             liftedHold.GetProperty("reasonsErased").GetBoolean()));
        Assert.Equal(held.Id, second[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Gone, media.StatusCode);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        var custody = await _server.CustodyAsync(held.Id);
        Assert.Equal(["hold.placed", "hold.lifted", "recording.purged"],
            custody.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetProperty("action").GetString()));
        // The reasons may name people: they are in the events' erasable personal parts, not in their permanent details.
        foreach (var e in custody.GetProperty("events").EnumerateArray().Take(2).Select(e => e.GetProperty("event")))
        {
            Assert.Equal("judiciaire", e.GetProperty("details").GetProperty("motif").GetString());
            Assert.False(e.GetProperty("details").TryGetProperty("reason", out _), e.ToString());
        }
        Assert.True((await (await admin.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intact").GetBoolean());
    }
}
