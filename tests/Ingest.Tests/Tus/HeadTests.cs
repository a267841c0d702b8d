using System.Net;
using System.Text;
using Cameras.Evidence.Security;
using Cameras.Ingest.Uploads;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cameras.Ingest.Tests.Tus;

/// <summary>HEAD /dock/uploads/{id} as a table, and expiry.</summary>
public sealed class HeadTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Theory]
    [InlineData("after 4 bytes", 200, "{url}", "Tus-Resumable: 1.0.0")]
    [InlineData("unknown upload", 404, "/dock/uploads/0123456789abcdef0123456789abcdef", "Tus-Resumable: 1.0.0")]
    [InlineData("no Tus-Resumable", 412, "{url}")]
    [InlineData("old Tus-Resumable", 412, "{url}", "Tus-Resumable: 0.2.2")]
    public async Task Head(string why, int status, string target, params string[] headers)
    {
        var content = Encoding.ASCII.GetBytes("0123456789");
        var metadata = TusKit.DockMetadata(content, offload: "head-table");
        var url = await TusKit.CreateAsync(fixture.Dock, 10, metadata);
        (await TusKit.PatchAsync(fixture.Dock, url, 0, content[..4])).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Head, target.Replace("{url}", url));
        foreach (var header in headers) request.Headers.TryAddWithoutValidation(header.Split(':')[0], header.Split(':')[1].Trim());

        using var response = await fixture.Dock.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, why);
        Assert.Equal("1.0.0", TusKit.Header(response, "Tus-Resumable"));
        if (status != 200) return;
        Assert.Equal("4", TusKit.Header(response, "Upload-Offset"));
        Assert.Equal("10", TusKit.Header(response, "Upload-Length"));
        Assert.Equal(metadata, TusKit.Header(response, "Upload-Metadata"));
        Assert.Equal("no-store", TusKit.Header(response, "Cache-Control"));
        Assert.NotNull(TusKit.Header(response, "Upload-Expires"));
    }

    [Fact]
    public async Task An_expired_upload_is_410_to_head_and_patch_and_is_swept()
    {
        // The server's own clock, moved past the expiry: nothing sleeps.
        var clock = new MovableClock();
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly,
            configuration: new Dictionary<string, string?> { ["Cameras:Ingest:ExpireAfter"] = "00:00:30" }, clock: clock);
        using var dock = server.ClientFor(Roles.Dock);
        var content = new byte[10];
        var url = await TusKit.CreateAsync(dock, 10, TusKit.DockMetadata(content, offload: "expiring"));
        using (var fresh = await dock.SendAsync(TusKit.Request(HttpMethod.Head, url)))
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(31));

        using var head = await dock.SendAsync(TusKit.Request(HttpMethod.Head, url));
        using var patch = await dock.SendAsync(TusKit.Patch(url, 0, content));

        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, patch.StatusCode);
        Assert.Equal("application/problem+json", patch.Content.Headers.ContentType?.MediaType);
        var staged = Path.Combine(server.DataFolder, "staging", url.Split('/')[^1]);
        Assert.True(File.Exists(staged));

        await server.Services.GetServices<IHostedService>().OfType<UploadSweeper>().Single().SweepAsync(CancellationToken.None);
        Assert.False(File.Exists(staged));
        using var after = await dock.SendAsync(TusKit.Request(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Another_dock_sees_no_upload_and_admin_sees_all()
    {
        var url = await TusKit.CreateAsync(fixture.Dock, 10, TusKit.DockMetadata(new byte[10], offload: "owned"));
        using var otherDock = fixture.Server.ClientFor(Roles.Dock, "dock-elsewhere");
        using var admin = fixture.Server.ClientFor(Roles.Admin, "admin-1");

        using var head = await otherDock.SendAsync(TusKit.Request(HttpMethod.Head, url));
        using var patch = await otherDock.SendAsync(TusKit.Patch(url, 0, new byte[10]));
        using var delete = await otherDock.SendAsync(TusKit.Request(HttpMethod.Delete, url));

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(0, await TusKit.OffsetAsync(admin, url));
    }
}
