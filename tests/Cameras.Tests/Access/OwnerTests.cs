using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Access;

/// <summary>
/// What a device opened belongs to it: an upload to the dock that created it, an offload to the dock that opened it (to
/// any other dock they do not exist: 404), a live feed to the terminal that first pushed to it (another gets 403, as
/// the contract says). Exports and cases: <see cref="ScopeTests"/>.
/// </summary>
public sealed class OwnerTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_upload_is_reached_only_by_the_dock_that_created_it_and_by_admins()
    {
        using var owner = _server.ClientFor(Roles.Dock, "dock-owner");
        using var other = _server.ClientFor(Roles.Dock, "dock-other");
        using var admin = _server.ClientFor(Roles.Admin, "admin-1");
        var content = Encoding.ASCII.GetBytes("0123456789");
        var url = await CreateAsync(owner, content, "owner-upload");

        foreach (var method in new[] { HttpMethod.Head, HttpMethod.Patch, HttpMethod.Delete })
        {
            using var request = Tus(method, url);
            if (method == HttpMethod.Patch) Body(request, 0, content[..4]);
            using var response = await other.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} by another dock: {(int)response.StatusCode}");
            if (method != HttpMethod.Head) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var head = await owner.SendAsync(Tus(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("0", head.Headers.GetValues("Upload-Offset").Single());
        using var byAdmin = await admin.SendAsync(Tus(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
    }

    [Fact]
    public async Task A_feed_belongs_to_the_terminal_that_first_pushed_to_it()
    {
        using var first = _server.ClientFor(Roles.Terminal, "terminal-owner");
        using var second = _server.ClientFor(Roles.Terminal, "terminal-other");
        Assert.Equal(HttpStatusCode.NoContent, (await first.PutAsync("/live/owned-feed/init.mp4", new ByteArrayContent(Init))).StatusCode);

        using var response = await second.PutAsync("/live/owned-feed/init.mp4", new ByteArrayContent(Init));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, (await first.PutAsync("/live/owned-feed/init.mp4", new ByteArrayContent(Init))).StatusCode);
    }

    /// <summary>
    /// Issue 14, item 4: fixed on the hard-ingest branch (offloads owned by their dock); this fails until it is merged.
    /// </summary>
    [Fact]
    public async Task An_offload_is_reached_only_by_the_dock_that_opened_it()
    {
        using var owner = _server.ClientFor(Roles.Dock, "dock-offload-owner");
        using var other = _server.ClientFor(Roles.Dock, "dock-offload-other");
        var content = RandomNumberGenerator.GetBytes(64);
        var url = await CreateAsync(owner, content, "owned-offload");
        using (var patch = Tus(HttpMethod.Patch, url))
        {
            Body(patch, 0, content);
            Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(patch)).StatusCode);
        }
        await Eventually.ThatAsync(async () => (await owner.GetAsync("/dock/offloads/owned-offload/receipt")).StatusCode,
            status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the owner's receipt");

        using var receipt = await other.GetAsync("/dock/offloads/owned-offload/receipt");
        using var intrusion = Tus(HttpMethod.Post, "/dock/uploads", ("Upload-Length", "10"), ("Upload-Metadata", Metadata(new byte[10], "owned-offload")));
        using var added = await other.SendAsync(intrusion);

        Assert.Equal(HttpStatusCode.NotFound, receipt.StatusCode);
        Assert.Equal("application/problem+json", receipt.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("dock-offload-owner", await receipt.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/dock/offloads/owned-offload/receipt")).StatusCode);
    }

    private static async Task<string> CreateAsync(HttpClient dock, byte[] content, string offload)
    {
        using var request = Tus(HttpMethod.Post, "/dock/uploads", ("Upload-Length", content.Length.ToString()), ("Upload-Metadata", Metadata(content, offload)));
        using var response = await dock.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private static string Metadata(byte[] content, string offload) => string.Join(',', new[]
    {
        ("filename", "clip.mp4"), ("camera", "CAM-OWN"), ("officer", "O-OWN"), ("station", "ST-OWN"),
        ("recorded_at", "2026-11-21T22:00:00Z"), ("sha256", Convert.ToHexStringLower(SHA256.HashData(content))), ("offload", offload),
    }.Select(p => p.Item1 + " " + Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Item2))));

    private static HttpRequestMessage Tus(HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static void Body(HttpRequestMessage request, long offset, byte[] bytes)
    {
        request.Headers.Add("Upload-Offset", offset.ToString());
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
    }

    /// <summary>A minimal init segment: ftyp and an empty moov.</summary>
    private static readonly byte[] Init =
    [
        0, 0, 0, 16, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'6', 0, 0, 0, 0,
        0, 0, 0, 8, (byte)'m', (byte)'o', (byte)'o', (byte)'v',
    ];
}
