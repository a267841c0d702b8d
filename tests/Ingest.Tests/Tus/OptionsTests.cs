using System.Net;

namespace Cameras.Ingest.Tests.Tus;

/// <summary>OPTIONS and the CORS that browser tus clients need.</summary>
public sealed class OptionsTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Theory]
    [InlineData("/dock/uploads")]
    [InlineData("/dock/uploads/0123456789abcdef0123456789abcdef")]
    public async Task Options_advertises_the_server_without_a_token(string path)
    {
        using var response = await fixture.Server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, path));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("1.0.0", TusKit.Header(response, "Tus-Version"));
        Assert.Equal(IngestServer.MaxSize.ToString(), TusKit.Header(response, "Tus-Max-Size"));
        Assert.Equal("sha256,sha1", TusKit.Header(response, "Tus-Checksum-Algorithm"));
        var extensions = TusKit.Header(response, "Tus-Extension")!.Split(',');
        foreach (var extension in new[] { "creation", "creation-with-upload", "creation-defer-length", "expiration", "checksum", "termination", "concatenation" })
            Assert.Contains(extension, extensions);
    }

    [Fact]
    public async Task A_browser_preflight_and_its_request_get_cors_headers()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/dock/uploads");
        preflight.Headers.Add("Origin", "https://dock.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, tus-resumable, upload-length, upload-metadata");
        using var answer = await fixture.Server.Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://dock.example", TusKit.Header(answer, "Access-Control-Allow-Origin"));
        Assert.Contains("PATCH", TusKit.Header(answer, "Access-Control-Allow-Methods"));
        Assert.Contains("Upload-Metadata", TusKit.Header(answer, "Access-Control-Allow-Headers"));

        using var create = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Length", "1"), ("Upload-Metadata", TusKit.DockMetadata([1])));
        create.Headers.Add("Origin", "https://dock.example");
        using var created = await fixture.Dock.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var exposed = TusKit.Header(created, "Access-Control-Expose-Headers")!;
        foreach (var header in new[] { "Upload-Offset", "Location", "Upload-Length", "Tus-Version", "Tus-Resumable", "Tus-Max-Size",
                     "Tus-Extension", "Upload-Metadata", "Upload-Defer-Length", "Upload-Concat" })
            Assert.Contains(header, exposed.Split(", "));
    }
}
