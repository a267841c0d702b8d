using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Cameras.Ingest.Tests.Tus;

/// <summary>PATCH /dock/uploads/{id} as a table. Each row runs against a fresh upload of "0123456789".</summary>
public sealed class PatchTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("0123456789");

    [Theory]
    [InlineData("first half", 204, 5, 0, "01234")]
    [InlineData("all", 204, 10, 0, "0123456789")]
    [InlineData("empty chunk", 204, 0, 0, "")]
    [InlineData("offset ahead", 409, 0, 3, "34567")]
    [InlineData("past the end", 413, 0, 0, "0123456789X")]
    [InlineData("sha256 matches", 204, 5, 0, "01234", "checksum: sha256 good")]
    [InlineData("sha1 matches", 204, 5, 0, "01234", "checksum: sha1 good")]
    [InlineData("sha256 differs", 460, 0, 0, "01234", "checksum: sha256 bad")]
    [InlineData("sha1 differs", 460, 0, 0, "01234", "checksum: sha1 bad")]
    [InlineData("md5 unsupported", 400, 0, 0, "01234", "Upload-Checksum: md5 AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("digest not base64", 400, 0, 0, "01234", "Upload-Checksum: sha256 ???")]
    [InlineData("no Upload-Offset", 400, 0, -1, "01234")]
    [InlineData("wrong content type", 415, 0, 0, "01234", "Content-Type: application/octet-stream")]
    [InlineData("no Tus-Resumable", 412, 0, 0, "01234", "Tus-Resumable: ")]
    [InlineData("length changed", 400, 0, 0, "01234", "Upload-Length: 11")]
    public async Task Patch(string why, int status, long offsetAfter, long offset, string body, params string[] headers)
    {
        var url = await TusKit.CreateAsync(fixture.Dock, Content.Length, TusKit.DockMetadata(Content, offload: "patch-table"));
        var bytes = Encoding.ASCII.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        if (!headers.Any(h => h.StartsWith("Tus-Resumable:"))) request.Headers.Add("Tus-Resumable", "1.0.0");
        if (offset >= 0) request.Headers.Add("Upload-Offset", offset.ToString());
        foreach (var header in headers)
        {
            var (name, value) = (header[..header.IndexOf(':')], header[(header.IndexOf(':') + 1)..].Trim());
            if (name == "checksum") request.Headers.Add("Upload-Checksum", Checksum(value, bytes));
            else if (name == "Content-Type") request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else if (value.Length > 0) request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await fixture.Dock.SendAsync(request);

        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (status == 204) Assert.Equal(offsetAfter.ToString(), TusKit.Header(response, "Upload-Offset"));
        else Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // A refused chunk changes nothing: the upload is where the table says.
        Assert.Equal(offsetAfter, await TusKit.OffsetAsync(fixture.Dock, url));
        if (offsetAfter == 0 && status != 204)
        {
            using var whole = await TusKit.PatchAsync(fixture.Dock, url, 0, Content);
            Assert.Equal(HttpStatusCode.NoContent, whole.StatusCode);
            Assert.NotNull(TusKit.Header(whole, "Cameras-Recording"));
        }
    }

    [Fact]
    public async Task An_unknown_upload_is_404()
    {
        using var response = await fixture.Dock.SendAsync(TusKit.Patch("/dock/uploads/0123456789abcdef0123456789abcdef", 0, Content));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var garbage = await fixture.Dock.SendAsync(TusKit.Patch("/dock/uploads/not-an-id", 0, Content));
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
    }

    [Fact]
    public async Task A_final_concatenation_takes_no_patch()
    {
        var part = await TusKit.CreatePartialAsync(fixture.Dock, Content);
        var final = await TusKit.CreateFinalAsync(fixture.Dock, TusKit.DockMetadata(Content, offload: "final-patch"), part);
        using var response = await fixture.Dock.SendAsync(TusKit.Patch(final, 10, [1]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_deferred_length_is_given_by_a_later_patch()
    {
        using var create = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Defer-Length", "1"),
            ("Upload-Metadata", TusKit.DockMetadata(Content, offload: "deferred")));
        using var created = await fixture.Dock.SendAsync(create);
        var url = created.Headers.Location!.ToString();
        using var first = await fixture.Dock.SendAsync(TusKit.Patch(url, 0, Content[..4]));
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using var head = await fixture.Dock.SendAsync(TusKit.Request(HttpMethod.Head, url));
        Assert.Equal("1", TusKit.Header(head, "Upload-Defer-Length"));
        using var tooLong = await fixture.Dock.SendAsync(TusKit.Patch(url, 4, Content[4..], ("Upload-Length", "2000000")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        using var last = await fixture.Dock.SendAsync(TusKit.Patch(url, 4, Content[4..], ("Upload-Length", "10")));
        Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        Assert.NotNull(TusKit.Header(last, "Cameras-Recording"));
    }

    private static string Checksum(string spec, byte[] bytes)
    {
        var (algorithm, good) = (spec.Split(' ')[0], spec.Split(' ')[1] == "good");
        var digest = algorithm == "sha1" ? SHA1.HashData(bytes) : SHA256.HashData(bytes);
        if (!good) digest[0] ^= 0xff;
        return $"{algorithm} {Convert.ToBase64String(digest)}";
    }
}
