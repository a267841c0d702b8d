using System.Net;
using System.Net.Http.Headers;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Xunit.Abstractions;

namespace Cameras.Tests.Hardening;

/// <summary>
/// Malformed-request rows of issue 14's items 2, 3 and 4, in a table of their own because they need a second dock and a
/// first push: a refused tus creation leaves no stub (item 2), a refused first live push does not claim the feed
/// (item 3), and a dock reaches only its own offloads (item 4).
/// </summary>
public sealed class CrossItemRefusalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"), new Dictionary<string, string?> { ["Cameras:Live:MaxSegmentBytes"] = "65536" });
        // Dock A opens offload OFF-A with one upload of its own.
        using var dockA = _server.ClientFor(Roles.Dock, "dock-a");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads");
        create.Headers.Add("Tus-Resumable", "1.0.0");
        create.Headers.Add("Upload-Length", "10");
        create.Headers.Add("Upload-Metadata", TusMalformedTests.Metadata(("filename", "a.mp4"), ("sha256", Sha), ("offload", "OFF-A")));
        using var created = await dockA.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Refusals_owned_by_items_2_3_and_4_change_nothing()
    {
        var battery = new MalformedBattery(_server, output);
        await battery.RunAsync("items 2, 3 and 4", Rows(battery));
    }

    private static IEnumerable<MalformedRow> Rows(MalformedBattery b)
    {
        Func<Task<Answer>> CreateWithData(string metadata, int length, int sent) =>
            b.Http(Roles.Dock, HttpMethod.Post, "/dock/uploads", Offset(new byte[sent]), m =>
            {
                m.Headers.Add("Tus-Resumable", "1.0.0");
                m.Headers.Add("Upload-Length", length.ToString());
                m.Headers.TryAddWithoutValidation("Upload-Metadata", metadata);
            });
        // Item 2: the creation is refused, so no upload row, staging file or offload row may stay.
        yield return new("item 2: creation with data past Upload-Length", 413, CreateWithData(TusMalformedTests.Metadata(("sha256", Sha)), 10, 100));
        yield return new("item 2: creation with data past Upload-Length, in an offload", 413,
            CreateWithData(TusMalformedTests.Metadata(("sha256", Sha), ("offload", "OFF-STUB")), 10, 100));

        // Item 3: a feed starts with its first accepted segment.
        yield return new("item 3: garbage first push", 415, b.Http(Roles.Terminal, HttpMethod.Put, "/live/NEWFEED1/seg0.m4s",
            new ByteArrayContent("this is not a video at all"u8.ToArray())));
        yield return new("item 3: truncated first push", 400, b.Http(Roles.Terminal, HttpMethod.Put, "/live/NEWFEED2/seg0.m4s",
            new ByteArrayContent([0, 0, 0, 16, (byte)'f', (byte)'t'])));
        var big = new byte[70_000];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(big, (uint)big.Length);
        "mdat"u8.CopyTo(big.AsSpan(4));
        yield return new("item 3: oversized first push", 413, b.Http(Roles.Terminal, HttpMethod.Put, "/live/NEWFEED3/seg0.m4s", new ByteArrayContent(big)));

        // Item 4: an offload belongs to the dock that opened it.
        yield return new("item 4: another dock's receipt", 404, b.Http(Roles.Dock, HttpMethod.Get, "/dock/offloads/OFF-A/receipt", subject: "dock-b"));
        yield return new("item 4: an upload into another dock's offload", 404, b.Http(Roles.Dock, HttpMethod.Post, "/dock/uploads", subject: "dock-b",
            configure: m =>
            {
                m.Headers.Add("Tus-Resumable", "1.0.0");
                m.Headers.Add("Upload-Length", "10");
                m.Headers.TryAddWithoutValidation("Upload-Metadata", TusMalformedTests.Metadata(("sha256", Sha), ("offload", "OFF-A")));
            }));
    }

    private static ByteArrayContent Offset(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return content;
    }
}
