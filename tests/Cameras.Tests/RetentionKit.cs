using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Cameras.Tests;

/// <summary>What the store-retention tests (S3 Object Lock, Azure immutability) do through the API, in one place.</summary>
internal static class RetentionKit
{
    /// <summary>Places a legal hold for <paramref name="procedure"/> on <paramref name="recording"/> (201) and gives its id.</summary>
    public static async Task<Guid> PlaceHoldAsync(HttpClient client, Guid recording, string procedure)
    {
        using var response = await client.PostAsJsonAsync($"/api/recordings/{recording}/holds", new { procedure, reason = "trial", motif = "judiciaire" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>One tus creation-with-upload carrying the whole file, as a dock sends a small one.</summary>
    public static async Task<HttpResponseMessage> DockAsync(HttpClient dock, byte[] content, string sha256, string recordedAt, string offload)
    {
        static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads") { Content = new ByteArrayContent(content) };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", content.Length.ToString());
        request.Headers.Add("Upload-Metadata",
            $"filename {B64("clip.mp4")},camera {B64("CAM-1")},officer {B64("officer-1")},recorded_at {B64(recordedAt)},sha256 {B64(sha256)},offload {B64(offload)}");
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        return await dock.SendAsync(request);
    }
}
