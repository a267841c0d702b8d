using System.Net;
using System.Net.Http.Headers;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>What a device or user can get wrong is refused with a clear status and changes nothing; the server goes on.</summary>
public sealed class RefusalTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string?, string, string, int> Cases => new()
    {
        { null, "f1", "init.mp4", 401 },
        { Roles.Operator, "f1", "init.mp4", 403 },
        { Roles.Dock, "f1", "init.mp4", 403 },
        { Roles.Terminal, "f1", "..%2F..%2Fetc%2Fpasswd", 400 },
        { Roles.Terminal, "bad%20feed", "init.mp4", 400 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_pushes_get_a_clear_status(string? role, string feed, string name, int status)
    {
        using var client = role is null ? new HttpClient { BaseAddress = _server.Address } : _server.ClientFor(role, "terminal-a");
        var response = await client.PutAsync($"/live/{feed}/{name}", new ByteArrayContent(TestInit()));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertServerFineAsync();
    }

    [Fact]
    public async Task Another_terminals_feed_is_forbidden()
    {
        using var first = _server.ClientFor(Roles.Terminal, "terminal-a");
        using var second = _server.ClientFor(Roles.Terminal, "terminal-b");
        Assert.Equal(HttpStatusCode.NoContent, (await first.PutAsync("/live/owned/init.mp4", new ByteArrayContent(TestInit()))).StatusCode);
        var response = await second.PutAsync("/live/owned/init.mp4", new ByteArrayContent(TestInit()));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another terminal", await response.Content.ReadAsStringAsync());
        await AssertServerFineAsync();
    }

    [Fact]
    public async Task Garbage_bytes_are_not_media()
    {
        using var terminal = _server.ClientFor(Roles.Terminal, "terminal-g");
        var response = await terminal.PutAsync("/live/garbage/seg1.m4s", new ByteArrayContent("this is not a video at all"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var truncated = await terminal.PutAsync("/live/garbage/seg2.m4s", new ByteArrayContent(TestInit()[..20]));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        await AssertServerFineAsync();
    }

    [Fact]
    public async Task A_50_MB_segment_is_too_large()
    {
        using var terminal = _server.ClientFor(Roles.Terminal, "terminal-big");
        // One mdat announcing 50 MB, streamed chunked as a pusher would.
        var big = new byte[50 << 20];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(big, (uint)big.Length);
        "mdat"u8.CopyTo(big.AsSpan(4));
        var content = new StreamContent(new MemoryStream(big));
        var request = new HttpRequestMessage(HttpMethod.Put, "/live/big/seg1.m4s") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        HttpResponseMessage response;
        try
        {
            response = await terminal.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection once it has answered; ask again without a body to see the answer.
            response = await terminal.PutAsync("/live/big/seg1.m4s", new ByteArrayContent(big[..(17 << 20)]));
        }
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertServerFineAsync();
    }

    private async Task AssertServerFineAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/readyz")).StatusCode);
        using var terminal = _server.ClientFor(Roles.Terminal, "terminal-ok");
        Assert.Equal(HttpStatusCode.NoContent, (await terminal.PutAsync("/live/healthy/init.mp4", new ByteArrayContent(TestInit()))).StatusCode);
    }

    /// <summary>A minimal init segment: ftyp and an empty moov.</summary>
    private static byte[] TestInit() =>
    [
        0, 0, 0, 16, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'6', 0, 0, 0, 0,
        0, 0, 0, 8, (byte)'m', (byte)'o', (byte)'o', (byte)'v',
    ];
}
