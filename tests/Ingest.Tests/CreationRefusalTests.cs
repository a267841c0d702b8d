using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cameras.Ingest.Tests;

/// <summary>
/// Every way a creation (POST /dock/uploads) is refused, as a table: each row sends one request and checks the status,
/// the problem+json that says what to fix, and that nothing was stored: no upload or offload row, no recording, no
/// custody event, no staging file, no object.
/// </summary>
public sealed class CreationRefusalTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    private static readonly byte[] Ten = TusKit.RandomBytes(10, seed: 81);
    private static readonly byte[] Hundred = TusKit.RandomBytes(100, seed: 82);

    /// <summary>One refused creation: headers, the data sent along (chunked: without Content-Length), the answer.</summary>
    private sealed record Row(int Status, string Code, (string Name, string Value)[] Headers, byte[]? Body = null, bool Chunked = false);

    private static string Meta(params (string Key, string Value)[] pairs) => TusKit.Metadata(pairs);

    private static string Valid(byte[] content) => TusKit.DockMetadata(content, offload: "refused");

    private static string Digest(byte[] content) => "sha256 " + Convert.ToBase64String(SHA256.HashData(content));

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["metadata value not base64"] = new(400, "tus-bad-metadata", [("Upload-Length", "10"), ("Upload-Metadata", "sha256 !!!notbase64,offload cmVmdXNlZA==")]),
        ["metadata without sha256"] = new(400, "tus-bad-metadata", [("Upload-Length", "10"), ("Upload-Metadata", Meta(("filename", "a.mp4"), ("offload", "refused")))]),
        ["sha256 not hex"] = new(400, "tus-bad-metadata", [("Upload-Length", "10"), ("Upload-Metadata", Meta(("sha256", "abc"), ("offload", "refused")))]),
        ["NUL in filename"] = new(400, "tus-bad-metadata", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten).Replace(Meta(("filename", "clip.mp4")), Meta(("filename", "a\0b"))))]),
        ["control character in camera"] = new(400, "tus-bad-metadata", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten).Replace(Meta(("camera", "CAM-7")), Meta(("camera", "CAM\n7"))))]),
        ["overlong officer"] = new(400, "tus-bad-metadata", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten).Replace(Meta(("officer", "O-12")), Meta(("officer", new string('o', 501)))))]),
        ["offload with a path"] = new(400, "tus-bad-metadata", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten).Replace(Meta(("offload", "refused")), Meta(("offload", "../etc"))))]),
        ["length and defer-length"] = new(400, "tus-bad-request", [("Upload-Length", "10"), ("Upload-Defer-Length", "1"), ("Upload-Metadata", Valid(Ten))]),
        ["length past Tus-Max-Size"] = new(413, "tus-too-large", [("Upload-Length", (IngestServer.MaxSize + 1).ToString()), ("Upload-Metadata", Valid(Ten))]),
        ["data past Upload-Length"] = new(413, "tus-too-large", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten))], Hundred),
        ["data past Upload-Length, chunked"] = new(413, "tus-too-large", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten))], Hundred, Chunked: true),
        ["checksum mismatch on the whole file"] = new(460, "tus-checksum-mismatch", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten)), ("Upload-Checksum", Digest(Hundred))], Ten),
        ["checksum mismatch on a first chunk"] = new(460, "tus-checksum-mismatch", [("Upload-Length", "100"), ("Upload-Metadata", Valid(Hundred)), ("Upload-Checksum", Digest(Hundred))], Ten),
        ["checksum mismatch, chunked"] = new(460, "tus-checksum-mismatch", [("Upload-Length", "100"), ("Upload-Metadata", Valid(Hundred)), ("Upload-Checksum", Digest(Ten))], Hundred, Chunked: true),
        ["checksum of unknown algorithm"] = new(400, "tus-bad-checksum", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten)), ("Upload-Checksum", "md5 YWJj")], Ten),
        ["checksum not base64"] = new(400, "tus-bad-checksum", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten)), ("Upload-Checksum", "sha256 !!!")], Ten),
        ["data of the wrong content type"] = new(415, "tus-content-type", [("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten)), ("Content-Type", "text/plain")], Ten),
        ["final of an unknown part"] = new(400, "tus-bad-request", [("Upload-Concat", "final;/dock/uploads/00000000000000000000000000000001"), ("Upload-Metadata", Valid(Ten))]),
        ["unknown concatenation"] = new(400, "tus-bad-request", [("Upload-Concat", "whole"), ("Upload-Length", "10"), ("Upload-Metadata", Valid(Ten))]),
    };

    public static TheoryData<string> Cases => [.. Rows.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_refused_creation_answers_a_problem_and_leaves_nothing(string name)
    {
        var row = Rows[name];
        var before = await StoredState.CaptureAsync(fixture.Server.DatabaseConnectionString, fixture.Server.DataFolder);

        using var request = TusKit.Request(HttpMethod.Post, "/dock/uploads", [.. row.Headers.Where(h => h.Name != "Content-Type")]);
        if (row.Body is { } body)
        {
            request.Content = row.Chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
            if (row.Chunked) Chunk(request);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(
                row.Headers.FirstOrDefault(h => h.Name == "Content-Type").Value ?? "application/offset+octet-stream");
        }
        using var response = await fixture.Dock.SendAsync(request);

        Assert.Equal(row.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(row.Code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Null(response.Headers.Location);
        Assert.Equal(before, await StoredState.CaptureAsync(fixture.Server.DatabaseConnectionString, fixture.Server.DataFolder));
    }

    [Fact]
    public async Task A_refused_creation_into_an_offload_in_use_leaves_the_offload_and_its_receipt_as_they_were()
    {
        var content = TusKit.RandomBytes(1000, seed: 84);
        using var first = await TusKit.UploadAsync(fixture.Dock, content, TusKit.DockMetadata(content, offload: "kept", filename: "a.mp4"));
        var before = await StoredState.CaptureAsync(fixture.Server.DatabaseConnectionString, fixture.Server.DataFolder);

        using var request = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Length", "10"),
            ("Upload-Metadata", TusKit.DockMetadata(Ten, offload: "kept", filename: "b.mp4")));
        request.Content = new StreamContent(new MemoryStream(Hundred));
        Chunk(request);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var refused = await fixture.Dock.SendAsync(request);

        Assert.Equal(413, (int)refused.StatusCode);
        Assert.Equal(before, await StoredState.CaptureAsync(fixture.Server.DatabaseConnectionString, fixture.Server.DataFolder));
        using var receipt = await fixture.Dock.GetAsync("/dock/offloads/kept/receipt");
        Assert.Equal(200, (int)receipt.StatusCode);
        Assert.Equal(1, (await receipt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetProperty("total_files").GetInt32());
    }

    /// <summary>Sends the body without Content-Length, so the server finds out its size only by reading it.</summary>
    private static void Chunk(HttpRequestMessage request)
    {
        request.Content!.Headers.ContentLength = null;
        request.Headers.TransferEncodingChunked = true;
    }
}
