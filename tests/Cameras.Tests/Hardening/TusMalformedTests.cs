using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Xunit.Abstractions;

namespace Cameras.Tests.Hardening;

/// <summary>
/// Dock uploads (tus) under malformed requests: control characters and overlong values in every metadata key, bad
/// Base64, bad lengths and offsets, data past Upload-Length, bad checksums, unknown and traversing upload ids. Each
/// gets its 4xx problem; no upload, offload, staging file or object appears, and the existing upload stays as it was.
/// </summary>
public sealed class TusMalformedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private TestServer _server = null!;
    private string _upload = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"));
        using var dock = _server.ClientFor(Roles.Dock);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads");
        create.Headers.Add("Tus-Resumable", "1.0.0");
        create.Headers.Add("Upload-Length", "10");
        create.Headers.Add("Upload-Metadata", Metadata(("filename", "a.mp4"), ("sha256", Sha)));
        using var created = await dock.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _upload = created.Headers.Location!.OriginalString;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Malformed_tus_requests_get_a_problem_and_change_nothing()
    {
        var battery = new MalformedBattery(_server, output);
        await battery.RunAsync("tus", Rows(battery));
    }

    public static string Metadata(params (string Key, string Value)[] pairs) =>
        string.Join(',', pairs.Select(p => $"{p.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value))}"));

    private IEnumerable<MalformedRow> Rows(MalformedBattery b)
    {
        Func<Task<Answer>> Create(string metadata, string length = "10", Action<HttpRequestMessage>? more = null) =>
            b.Http(Roles.Dock, HttpMethod.Post, "/dock/uploads", configure: m =>
            {
                m.Headers.Add("Tus-Resumable", "1.0.0");
                m.Headers.TryAddWithoutValidation("Upload-Length", length);
                m.Headers.TryAddWithoutValidation("Upload-Metadata", metadata);
                more?.Invoke(m);
            });
        Func<Task<Answer>> Patch(string target, string offset, byte[] body, string type = "application/offset+octet-stream",
            Action<HttpRequestMessage>? more = null)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            return b.Http(Roles.Dock, HttpMethod.Patch, target, content, m =>
            {
                m.Headers.Add("Tus-Resumable", "1.0.0");
                m.Headers.TryAddWithoutValidation("Upload-Offset", offset);
                more?.Invoke(m);
            });
        }
        (string, string) Tus() => ("Tus-Resumable", "1.0.0");

        foreach (var key in new[] { "filename", "camera", "officer", "station" })
        {
            yield return new($"{key} with NUL", 400, Create(Metadata((key, "a\0b"), ("sha256", Sha))));
            yield return new($"{key} with U+0001", 400, Create(Metadata((key, "a\u0001b"), ("sha256", Sha))));
            yield return new($"{key} with a line break", 400, Create(Metadata((key, "a\nb"), ("sha256", Sha))));
            yield return new($"{key} overlong", 400, Create(Metadata((key, new string('x', 256)), ("sha256", Sha))));
        }
        yield return new("sha256 with NUL", 400, Create(Metadata(("sha256", Sha[..63] + "\0"))));
        yield return new("recorded_at with NUL", 400, Create(Metadata(("recorded_at", "2026-01-01\0"), ("sha256", Sha))));
        yield return new("offload with NUL", 400, Create(Metadata(("offload", "off\0"), ("sha256", Sha))));
        yield return new("offload traversal", 400, Create(Metadata(("offload", "../../etc"), ("sha256", Sha))));
        yield return new("sha256 missing", 400, Create(Metadata(("filename", "a.mp4"))));
        yield return new("sha256 not hex", 400, Create(Metadata(("sha256", "not-a-hash"))));
        yield return new("recorded_at not a date", 400, Create(Metadata(("recorded_at", "yesterday"), ("sha256", Sha))));
        yield return new("metadata value not Base64", 400, Create("filename !!!not-base64!!!,sha256 " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Sha))));
        yield return new("metadata value not UTF-8", 400, Create("filename /w==," + Metadata(("sha256", Sha))));
        yield return new("metadata key twice", 400, Create(Metadata(("sha256", Sha), ("sha256", Sha))));
        yield return new("metadata key with a control character", 400, b.Raw(Roles.Dock, "POST", "/dock/uploads",
            [Tus(), ("Upload-Length", "10"), ("Upload-Metadata", "file\u0001name YQ==," + Metadata(("sha256", Sha)))]));
        yield return new("metadata header overlong", 400, Create(Metadata(("sha256", Sha), ("note", new string('n', 9000)))));
        yield return new("Upload-Length negative", 400, Create(Metadata(("sha256", Sha)), "-1"));
        yield return new("Upload-Length not a number", 400, Create(Metadata(("sha256", Sha)), "ten"));
        yield return new("Upload-Length past Tus-Max-Size", 413, Create(Metadata(("sha256", Sha)), "99999999999999999"));
        yield return new("Upload-Length and Upload-Defer-Length", 400, Create(Metadata(("sha256", Sha)), "10", m => m.Headers.Add("Upload-Defer-Length", "1")));
        yield return new("Upload-Defer-Length not 1", 400, b.Http(Roles.Dock, HttpMethod.Post, "/dock/uploads", configure: m =>
        {
            m.Headers.Add("Tus-Resumable", "1.0.0");
            m.Headers.Add("Upload-Defer-Length", "2");
            m.Headers.TryAddWithoutValidation("Upload-Metadata", Metadata(("sha256", Sha)));
        }));
        yield return new("Upload-Concat garbage", 400, Create(Metadata(("sha256", Sha)), "10", m => m.Headers.Add("Upload-Concat", "everything")));
        yield return new("Upload-Concat final of a foreign URL", 400, Create(Metadata(("sha256", Sha)), "10",
            m => m.Headers.Add("Upload-Concat", "final;http://elsewhere.example/x ../../etc/passwd")));
        yield return new("Upload-Concat final of an unknown upload", 400, Create(Metadata(("sha256", Sha)), "10",
            m => m.Headers.Add("Upload-Concat", $"final;/dock/uploads/{Guid.NewGuid():n}")));
        yield return new("creation without Tus-Resumable", 412, b.Http(Roles.Dock, HttpMethod.Post, "/dock/uploads"));
        yield return new("creation with data of the wrong type", 415, b.Http(Roles.Dock, HttpMethod.Post, "/dock/uploads",
            new StringContent("0123456789"), m =>
            {
                m.Headers.Add("Tus-Resumable", "1.0.0");
                m.Headers.Add("Upload-Length", "10");
                m.Headers.TryAddWithoutValidation("Upload-Metadata", Metadata(("sha256", Sha)));
            }));

        var u = _upload;
        yield return new("PATCH past Upload-Length", 413, Patch(u, "0", new byte[100]));
        yield return new("PATCH past Upload-Length, chunked", 413, b.Http(Roles.Dock, HttpMethod.Patch, u, Chunked(new byte[100]), m =>
        {
            m.Headers.Add("Tus-Resumable", "1.0.0");
            m.Headers.Add("Upload-Offset", "0");
            m.Headers.TransferEncodingChunked = true;
        }));
        yield return new("PATCH offset ahead", 409, Patch(u, "5", new byte[5]));
        yield return new("PATCH offset not a number", 400, Patch(u, "zero", new byte[5]));
        yield return new("PATCH offset negative", 400, Patch(u, "-1", new byte[5]));
        yield return new("PATCH without Upload-Offset", 400, b.Http(Roles.Dock, HttpMethod.Patch, u, OffsetStream(new byte[5]),
            m => m.Headers.Add("Tus-Resumable", "1.0.0")));
        yield return new("PATCH of the wrong type", 415, Patch(u, "0", new byte[5], "application/octet-stream"));
        yield return new("PATCH checksum not Base64", 400, Patch(u, "0", new byte[5], more: m => m.Headers.TryAddWithoutValidation("Upload-Checksum", "sha1 ***")));
        yield return new("PATCH checksum of an unknown algorithm", 400, Patch(u, "0", new byte[5], more: m => m.Headers.TryAddWithoutValidation("Upload-Checksum", "crc32 AAAA")));
        yield return new("PATCH checksum mismatch", 460, Patch(u, "0", new byte[5],
            more: m => m.Headers.TryAddWithoutValidation("Upload-Checksum", "sha1 " + Convert.ToBase64String(new byte[20]))));
        yield return new("PATCH Upload-Length changed", 400, Patch(u, "0", new byte[5], more: m => m.Headers.TryAddWithoutValidation("Upload-Length", "11")));
        yield return new("PATCH of an unknown upload", 404, Patch($"/dock/uploads/{Guid.NewGuid():n}", "0", new byte[5]));
        yield return new("PATCH of an id that is not one", 404, Patch("/dock/uploads/not-an-id", "0", new byte[5]));
        yield return new("PATCH traversal", 404, b.Raw(Roles.Dock, "PATCH", "/dock/uploads/..%2F..%2Fkeys%2Ftoken.pem",
            [Tus(), ("Upload-Offset", "0"), ("Content-Type", "application/offset+octet-stream")], new byte[5]));
        yield return new("PATCH id with NUL", 400, b.Raw(Roles.Dock, "PATCH", "/dock/uploads/a%00b",
            [Tus(), ("Upload-Offset", "0"), ("Content-Type", "application/offset+octet-stream")], new byte[5]), RefusedByKestrel: true);
        yield return new("DELETE of an unknown upload", 404, b.Http(Roles.Dock, HttpMethod.Delete, $"/dock/uploads/{Guid.NewGuid():n}",
            configure: m => m.Headers.Add("Tus-Resumable", "1.0.0")));
        yield return new("receipt of an unknown offload", 404, b.Http(Roles.Dock, HttpMethod.Get, "/dock/offloads/no-such-offload/receipt"));
        yield return new("receipt of a traversing offload", 404, b.Raw(Roles.Dock, "GET", "/dock/offloads/..%2F..%2Fkeys/receipt"));
    }

    private static ByteArrayContent OffsetStream(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return content;
    }

    private static StreamContent Chunked(byte[] body)
    {
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        return content;
    }
}
