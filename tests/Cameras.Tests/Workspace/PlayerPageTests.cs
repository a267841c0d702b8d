using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Workspace;

/// <summary>
/// Headless Chromium through the Enregistrements and Lecteur pages as an operator does it, and a supervisor (who reviews
/// every recording as an operator does): find the recording, open it, state the motif, play, seek on the strip, step a
/// frame, bookmark, and find it again by the bookmark.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class PlayerPageTests(WorkspaceServer fixture)
{
    [Theory]
    [InlineData(Roles.Operator, "op-ws", "CAM-PLAY-OPE", 20)] // neither camera contains the other: the bookmark search is by substring
    [InlineData(Roles.Supervisor, "sup-ws", "CAM-PLAY-SUP", 22)] // another length: the same bytes twice are one recording
    public async Task Search_open_motif_play_seek_bookmark_and_find_it_by_the_bookmark(string role, string subject, string camera, int seconds)
    {
        var id = await fixture.SeedReadyAsync(camera, "OFF-PLAYER", new DateTimeOffset(2026, 12, 1, 18, 31, 0, TimeSpan.Zero), seconds);
        await fixture.CheckpointAsync();

        var steps = await WorkspaceServer.BrowseAsync("workspace-player.mjs", fixture.Server.Address.ToString().TrimEnd('/'),
            fixture.Server.Token(role, subject), camera, id.ToString());

        var search = steps["search"];
        Assert.Equal(1, search.GetProperty("rows").GetInt32());
        var cells = search.GetProperty("cells").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains(cells, c => c!.StartsWith("1 déc. 2026 ")); // fr-FR, in the browser's time zone
        Assert.Contains($"{seconds} s", cells);
        Assert.Contains(camera, cells);
        Assert.Contains(cells, c => c!.EndsWith(" ko") || c.EndsWith(" Mo"));
        Assert.DoesNotContain("OFF-PLAYER", search.GetProperty("title").GetString()); // nothing personal in a title
        Assert.Equal(0, steps["previews"].GetProperty("before").GetInt32());
        Assert.Equal(1, steps["previews"].GetProperty("after").GetInt32());
        Assert.Equal("pedagogique", steps["previews"].GetProperty("src").GetString());
        Assert.Contains("Cette consultation est enregistrée au registre.", steps["dialog"].GetProperty("text").GetString());
        Assert.True(steps["dialog"].GetProperty("focusInside").GetBoolean());
        Assert.True(steps["playing"].GetProperty("currentTime").GetDouble() > 1);
        Assert.Contains("verified", steps["custody"].GetProperty("proofs").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain("failed", steps["custody"].GetProperty("proofs").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2, steps["custody"].GetProperty("lineage").GetInt32()); // proxy and thumbnails
        var seeked = steps["seeked"];
        Assert.InRange(seeked.GetProperty("currentTime").GetDouble(), 0.75 * seeked.GetProperty("duration").GetDouble() - 1.5,
            0.75 * seeked.GetProperty("duration").GetDouble() + 1.5);
        Assert.True(seeked.GetProperty("previewShown").GetBoolean());
        Assert.InRange(steps["frame"].GetProperty("delta").GetDouble(), 0.035, 0.045);
        Assert.Contains(steps["bookmark"].GetProperty("items").EnumerateArray(), i => i.GetString()!.Contains($"porte forcée à l’arrière {camera}"));
        Assert.Equal([id.ToString()], steps["found"].GetProperty("ids").EnumerateArray().Select(i => i.GetString()));

        // The register holds the consultation with its motif and reason, and the bookmark as a custody event.
        var custody = await fixture.Server.CustodyAsync(id);
        var events = custody.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event")).ToList();
        // The posters first (one consultation, « pédagogique »), then the play (« judiciaire »); the strips, loaded with
        // the play's motif, count within the play's.
        var views = events.Where(e => e.GetProperty("action").GetString() == "recording.viewed").ToList();
        Assert.Equal(["pedagogique", "judiciaire"], views.Select(v => v.GetProperty("details").GetProperty("motif").GetString()).Distinct());
        Assert.Equal("choix de l’enregistrement à revoir", views[0].GetProperty("personal").GetProperty("fields").GetProperty("reason").GetString());
        var viewed = views.First(e => e.GetProperty("details").GetProperty("motif").GetString() == "judiciaire");
        Assert.Equal("vérification de la plainte 2026/118", viewed.GetProperty("personal").GetProperty("fields").GetProperty("reason").GetString());
        Assert.Equal(subject, viewed.GetProperty("actorSubject").GetString());
        var bookmark = events.Single(e => e.GetProperty("action").GetString() == "bookmark.added");
        // A bookmark is a modification: the play's motif in the leaf, its note (its words) in the erasable personal part.
        Assert.Equal("judiciaire", bookmark.GetProperty("details").GetProperty("motif").GetString());
        Assert.False(bookmark.GetProperty("details").TryGetProperty("note", out _));
        Assert.Equal($"porte forcée à l’arrière {camera}", bookmark.GetProperty("personal").GetProperty("fields").GetProperty("reason").GetString());
    }
}
