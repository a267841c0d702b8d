using System.Net;
using System.Net.Http.Headers;
using Cameras.Evidence.Security;

namespace Cameras.Ingest.Tests.Tus;

/// <summary>POST /dock/uploads (creation, creation-with-upload, creation-defer-length, concatenation) as a table.</summary>
public sealed class PostTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    private const string Sha = "sha256 ODRkODk4NzdmMGQ0MDQxZWZiNmJmOTFhMTZmMDI0OGYyZmQ1NzNlNmFmMDVjMTlmOTZiZWRiOWY4ODJmNzg4Mg==";

    [Theory]
    [InlineData(201, "dock", "Upload-Length: 10", "Upload-Metadata: " + Sha)]
    [InlineData(201, "admin", "Upload-Length: 0", "Upload-Metadata: " + Sha)]
    [InlineData(201, "dock", "Upload-Defer-Length: 1", "Upload-Metadata: " + Sha)]
    [InlineData(201, "dock", "Upload-Length: 10", "Upload-Concat: partial")]
    [InlineData(400, "dock", "Upload-Metadata: " + Sha)]
    [InlineData(400, "dock", "Upload-Length: 10", "Upload-Defer-Length: 1", "Upload-Metadata: " + Sha)]
    [InlineData(400, "dock", "Upload-Defer-Length: 2", "Upload-Metadata: " + Sha)]
    [InlineData(400, "dock", "Upload-Length: -1", "Upload-Metadata: " + Sha)]
    [InlineData(400, "dock", "Upload-Length: ten", "Upload-Metadata: " + Sha)]
    [InlineData(400, "dock", "Upload-Length: 10")]
    [InlineData(400, "dock", "Upload-Length: 10", "Upload-Metadata: sha256 !!!notbase64")]
    [InlineData(400, "dock", "Upload-Length: 10", "Upload-Metadata: sha256 YWJj")]
    [InlineData(400, "dock", "Upload-Length: 10", "Upload-Metadata: " + Sha + ",recorded_at eWVzdGVyZGF5")]
    [InlineData(400, "dock", "Upload-Length: 10", "Upload-Metadata: " + Sha + ",offload Li4vZXRj")]
    [InlineData(400, "dock", "Upload-Length: 10", "Upload-Metadata: " + Sha + "," + Sha)]
    [InlineData(400, "dock", "Upload-Concat: final;/dock/uploads/00000000000000000000000000000001")]
    [InlineData(400, "dock", "Upload-Concat: whole", "Upload-Length: 10")]
    [InlineData(413, "dock", "Upload-Length: 1048577", "Upload-Metadata: " + Sha)]
    [InlineData(412, "dock", "Tus-Resumable: 0.2.2", "Upload-Length: 10", "Upload-Metadata: " + Sha)]
    [InlineData(412, "dock", "Tus-Resumable: ", "Upload-Length: 10", "Upload-Metadata: " + Sha)]
    [InlineData(415, "dock", "Upload-Length: 10", "Upload-Metadata: " + Sha, "Content-Type: text/plain", "body: 0123456789")]
    [InlineData(403, "officer", "Upload-Length: 10", "Upload-Metadata: " + Sha)]
    [InlineData(403, "terminal", "Upload-Length: 10", "Upload-Metadata: " + Sha)]
    [InlineData(401, "", "Upload-Length: 10", "Upload-Metadata: " + Sha)]
    public async Task Post(int status, string role, params string[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads");
        if (role.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Server.Token(role));
        if (!headers.Any(h => h.StartsWith("Tus-Resumable:"))) request.Headers.Add("Tus-Resumable", "1.0.0");
        string? contentType = null;
        foreach (var header in headers)
        {
            var (name, value) = (header[..header.IndexOf(':')], header[(header.IndexOf(':') + 1)..].Trim());
            if (name == "body") request.Content = new StringContent(value);
            else if (name == "Content-Type") contentType = value;
            else if (value.Length > 0) request.Headers.TryAddWithoutValidation(name, value);
        }
        if (request.Content is not null && contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await fixture.Server.Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("1.0.0", TusKit.Header(response, "Tus-Resumable"));
        if (status == 201)
        {
            Assert.Matches("^/dock/uploads/[0-9a-f]{32}$", response.Headers.Location!.ToString());
            // An empty file is whole at once; any other new upload says when it expires.
            if (!headers.Contains("Upload-Length: 0")) Assert.NotNull(TusKit.Header(response, "Upload-Expires"));
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        if (status == 412) Assert.Equal("1.0.0", TusKit.Header(response, "Tus-Version"));
    }

    [Fact]
    public async Task Creation_with_upload_stores_the_bytes_sent_along()
    {
        var content = TusKit.RandomBytes(1000, seed: 7);
        using var request = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Length", "1000"),
            ("Upload-Metadata", TusKit.DockMetadata(content, offload: "with-upload")));
        request.Content = new ByteArrayContent(content[..400]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");

        using var response = await fixture.Dock.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("400", TusKit.Header(response, "Upload-Offset"));
        var url = response.Headers.Location!.ToString();
        Assert.Equal(400, await TusKit.OffsetAsync(fixture.Dock, url));
        using var rest = await TusKit.PatchAsync(fixture.Dock, url, 400, content[400..]);
        Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        Assert.NotNull(TusKit.Header(rest, "Cameras-Recording"));
    }

    [Fact]
    public async Task An_unknown_role_cannot_reach_another_upload_either()
    {
        var url = await TusKit.CreateAsync(fixture.Dock, 10, TusKit.DockMetadata(new byte[10]));
        using var officer = fixture.Server.ClientFor(Roles.Officer);
        using var response = await officer.SendAsync(TusKit.Request(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
