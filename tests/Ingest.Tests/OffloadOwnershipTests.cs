using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;

namespace Cameras.Ingest.Tests;

/// <summary>An offload and its uploads belong to the dock (token subject) that opened them: to another dock they do
/// not exist (404); admin reaches every receipt.</summary>
public sealed class OffloadOwnershipTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    private async Task<(string Url, byte[] Content)> DockedAsync(string offload, int seed)
    {
        var content = TusKit.RandomBytes(5000, seed);
        var url = await TusKit.CreateAsync(fixture.Dock, content.Length, TusKit.DockMetadata(content, offload, filename: "secret-clip.mp4"));
        using var patch = await TusKit.PatchAsync(fixture.Dock, url, 0, content);
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        return (url, content);
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response, string code)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        foreach (var secret in new[] { "secret-clip", "O-12", "CAM-7" }) Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task Another_dock_cannot_read_the_receipt_but_the_owner_and_admin_can()
    {
        await DockedAsync("own-receipt", seed: 91);
        using var otherDock = fixture.Server.ClientFor(Roles.Dock, "dock-intruder");
        using var admin = fixture.Server.ClientFor(Roles.Admin, "admin-1");

        using (var other = await otherDock.GetAsync("/dock/offloads/own-receipt/receipt")) await AssertNotFoundAsync(other, "offload-not-found");
        using (var owner = await fixture.Dock.GetAsync("/dock/offloads/own-receipt/receipt")) Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        using var audit = await admin.GetAsync("/dock/offloads/own-receipt/receipt");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Equal("secret-clip.mp4", (await audit.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("receipt").GetProperty("files")[0].GetProperty("filename").GetString());
    }

    [Fact]
    public async Task Another_dock_cannot_add_an_upload_to_the_offload_and_stores_nothing_trying()
    {
        await DockedAsync("own-add", seed: 92);
        using var otherDock = fixture.Server.ClientFor(Roles.Dock, "dock-intruder");
        var before = await StoredState.CaptureAsync(fixture.Server.DatabaseConnectionString, fixture.Server.DataFolder);
        var blocker = TusKit.RandomBytes(100, seed: 93);

        using (var create = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Length", "100"),
            ("Upload-Metadata", TusKit.DockMetadata(blocker, offload: "own-add"))))
        using (var refused = await otherDock.SendAsync(create))
            await AssertNotFoundAsync(refused, "offload-not-found");
        using (var withUpload = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Length", "100"),
            ("Upload-Metadata", TusKit.DockMetadata(blocker, offload: "own-add"))))
        {
            withUpload.Content = new ByteArrayContent(blocker[..50]);
            withUpload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
            using var refused = await otherDock.SendAsync(withUpload);
            await AssertNotFoundAsync(refused, "offload-not-found");
        }

        Assert.Equal(before, await StoredState.CaptureAsync(fixture.Server.DatabaseConnectionString, fixture.Server.DataFolder));
        using var receipt = await fixture.Dock.GetAsync("/dock/offloads/own-add/receipt");
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode); // the owner's camera can still be wiped
        // The other dock docks under an offload of its own.
        var url = await TusKit.CreateAsync(otherDock, blocker.Length, TusKit.DockMetadata(blocker, offload: "intruder-own"));
        Assert.Equal(0, await TusKit.OffsetAsync(otherDock, url));
    }

    [Fact]
    public async Task Another_dock_sees_none_of_the_uploads_of_the_offload()
    {
        var content = TusKit.RandomBytes(5000, seed: 94);
        var url = await TusKit.CreateAsync(fixture.Dock, content.Length, TusKit.DockMetadata(content, offload: "own-uploads"));
        using var otherDock = fixture.Server.ClientFor(Roles.Dock, "dock-intruder");

        using (var head = await otherDock.SendAsync(TusKit.Request(HttpMethod.Head, url)))
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using (var patch = await TusKit.PatchAsync(otherDock, url, 0, content)) await AssertNotFoundAsync(patch, "upload-not-found");
        using (var delete = await otherDock.SendAsync(TusKit.Request(HttpMethod.Delete, url))) await AssertNotFoundAsync(delete, "upload-not-found");
        using (var final = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Concat", "final;" + url), ("Upload-Metadata", TusKit.DockMetadata(content))))
        using (var refused = await otherDock.SendAsync(final))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        Assert.Equal(0, await TusKit.OffsetAsync(fixture.Dock, url)); // untouched
        using var done = await TusKit.PatchAsync(fixture.Dock, url, 0, content);
        Assert.NotNull(TusKit.Header(done, "Cameras-Recording"));
    }
}
