using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Workspace;

/// <summary>An agent sees only their own recordings, and plays one only after choosing a purpose L241-1 allows.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class OfficerViewTests(WorkspaceServer fixture)
{
    [Fact]
    public async Task An_officer_sees_only_their_recordings_and_cannot_play_without_a_purpose()
    {
        var at = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var own = await fixture.SeedReadyAsync("CAM-OFF-1", "OFF-ALICE", at, seconds: 5);
        var other = await fixture.SeedReadyAsync("CAM-OFF-2", "OFF-BOB", at, seconds: 6);

        var steps = await WorkspaceServer.BrowseAsync("workspace-officer.mjs", fixture.Server.Address.ToString().TrimEnd('/'),
            fixture.Server.Token(Roles.Officer, "OFF-ALICE"), own.ToString());

        Assert.Equal([own.ToString()], steps["list"].GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(["mine", "timeline"], steps["list"].GetProperty("sections").EnumerateArray().Select(i => i.GetString()));
        Assert.False(steps["list"].GetProperty("officerFilter").GetBoolean());
        Assert.Equal(["recherche_auteurs", "prevention_ordre_public", "secours_personnes", "compte_rendu"],
            steps["purposes"].GetProperty("values").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains("Établir fidèlement les faits dans un compte rendu d’intervention",
            steps["purposes"].GetProperty("labels").EnumerateArray().Select(i => i.GetString()));
        Assert.True(steps["cancelled"].GetProperty("stillOpen").GetBoolean());
        Assert.Equal("", steps["cancelled"].GetProperty("src").GetString());
        var custody = await fixture.Server.CustodyAsync(own);
        Assert.DoesNotContain(custody.GetProperty("events").EnumerateArray(), e => e.GetProperty("event").GetProperty("action").GetString() == "recording.viewed");

        // Through the API too: a staff motif is not a purpose an agent may give; another officer's recordings are not found.
        using var officer = fixture.Server.ClientFor(Roles.Officer, "OFF-ALICE");
        using var refused = await officer.GetAsync($"/api/recordings/{own}/playback/index.m3u8?reason=rapport&motif=judiciaire");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("motif-required", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var played = await officer.GetAsync($"/api/recordings/{own}/playback/index.m3u8?reason=rapport&motif=compte_rendu");
        Assert.Equal(HttpStatusCode.OK, played.StatusCode);
        var search = await officer.GetFromJsonAsync<JsonElement>("/api/recordings/search?officer=OFF-BOB");
        Assert.All(search.GetProperty("items").EnumerateArray(), r => Assert.Equal("OFF-ALICE", r.GetProperty("officer").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/recordings/{other}/bookmarks")).StatusCode);
    }
}
