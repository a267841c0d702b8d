using System.Net;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Xunit.Abstractions;

namespace Cameras.Tests.Hardening;

/// <summary>
/// Live pushes under malformed requests, on a feed this terminal already owns: garbage and oversized segments,
/// truncated boxes, traversal and odd characters in feed ids and file names, control characters and overlong values
/// in the identity headers. Each gets its 4xx problem and adds no segment, no event and no object.
/// </summary>
public sealed class LiveMalformedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxSegment = 64 * 1024;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence,commandroom"),
            new Dictionary<string, string?> { ["Cameras:Live:MaxSegmentBytes"] = MaxSegment.ToString() });
        using var terminal = _server.ClientFor(Roles.Terminal);
        using var pushed = await terminal.PutAsync("/live/known/init.mp4", new ByteArrayContent(Init));
        Assert.Equal(HttpStatusCode.NoContent, pushed.StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Malformed_live_pushes_get_a_problem_and_change_nothing()
    {
        var battery = new MalformedBattery(_server, output);
        await battery.RunAsync("live", Rows(battery));
    }

    /// <summary>A minimal init segment: ftyp and an empty moov.</summary>
    private static byte[] Init =>
    [
        0, 0, 0, 16, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'6', 0, 0, 0, 0,
        0, 0, 0, 8, (byte)'m', (byte)'o', (byte)'o', (byte)'v',
    ];

    private static byte[] Mdat(int size)
    {
        var box = new byte[size];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(box, (uint)size);
        "mdat"u8.CopyTo(box.AsSpan(4));
        return box;
    }

    private static IEnumerable<MalformedRow> Rows(MalformedBattery b)
    {
        const string t = Roles.Terminal;
        Func<Task<Answer>> Put(string target, byte[] body) => b.Http(t, HttpMethod.Put, target, new ByteArrayContent(body));
        Func<Task<Answer>> PutWith(string name, string value) => b.Raw(t, "PUT", "/live/known/seg9.m4s", [(name, value)], Init);

        yield return new("garbage segment", 415, Put("/live/known/seg1.m4s", "this is not a video at all"u8.ToArray()));
        yield return new("random bytes", 415, Put("/live/known/seg2.m4s", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]));
        yield return new("segment ending inside a box", 400, Put("/live/known/seg3.m4s", Init[..20]));
        yield return new("box announcing more than it holds", 400, Put("/live/known/seg4.m4s", [.. Mdat(MaxSegment / 2)[..1000]]));
        yield return new("segment past the size limit", 413, Put("/live/known/seg5.m4s", Mdat(MaxSegment + 4096)));
        yield return new("empty segment", 400, Put("/live/known/seg6.m4s", []));

        yield return new("feed id traversal", 400, b.Raw(t, "PUT", "/live/..%2F..%2Fetc/seg1.m4s", body: Init));
        yield return new("file name traversal", 400, b.Raw(t, "PUT", "/live/known/..%2F..%2Fkeys%2Ftoken.pem", body: Init));
        yield return new("file name with a backslash", 400, b.Raw(t, "PUT", "/live/known/..%5C..%5Cseg.m4s", body: Init));
        yield return new("hidden file name", 400, Put("/live/known/.hidden", Init));
        yield return new("feed id with a space", 400, Put("/live/bad%20feed/init.mp4", Init));
        yield return new("feed id overlong", 400, Put($"/live/{new string('f', 65)}/init.mp4", Init));
        yield return new("file name overlong", 400, Put($"/live/known/{new string('s', 130)}.m4s", Init));
        yield return new("feed id with NUL", 400, b.Raw(t, "PUT", "/live/kn%00own/init.mp4", body: Init), RefusedByKestrel: true);
        yield return new("file name with U+0001", 400, b.Raw(t, "PUT", "/live/known/seg%01.m4s", body: Init));
        yield return new("query with NUL", 400, Put("/live/known/seg7.m4s?x=%00", Init));

        yield return new("X-Camera with U+0001", 400, PutWith("X-Camera", "CAM\u0001"));
        yield return new("X-Officer with ESC", 400, PutWith("X-Officer", "\u001b[2J"));
        yield return new("X-Position with DEL", 400, PutWith("X-Position", "48.85\u007f"));
        yield return new("X-Camera overlong", 400, PutWith("X-Camera", new string('c', 201)));
        yield return new("X-Officer overlong", 400, PutWith("X-Officer", new string('o', 201)));
        yield return new("X-Position overlong", 400, PutWith("X-Position", new string('p', 201)));
        yield return new("X-Camera with NUL", 400, PutWith("X-Camera", "CAM\0"), RefusedByKestrel: true);

        yield return new("DELETE of a bad name", 400, b.Http(t, HttpMethod.Delete, "/live/known/..%2Fx"));
        yield return new("push by a dock", 403, b.Http(Roles.Dock, HttpMethod.Put, "/live/known/seg8.m4s", new ByteArrayContent(Init)));
        yield return new("push without a token", 401, b.Http(null, HttpMethod.Put, "/live/known/seg8.m4s", new ByteArrayContent(Init)));
    }
}
