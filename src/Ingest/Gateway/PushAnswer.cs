using System.Net;
using System.Text.Json;

namespace Cameras.Ingest.Gateway;

/// <summary>The ingest's answer to one pushed file: its status, the stored segment's hash, or the problem's detail.</summary>
public sealed record PushAnswer(int Status, string? Sha256, string? Detail)
{
    public bool Accepted => Status is >= 200 and < 300;

    /// <summary>The connection to the ingest itself failed (this node stopping).</summary>
    public static PushAnswer Unreachable(string detail) => new((int)HttpStatusCode.ServiceUnavailable, null, detail);

    public static async Task<PushAnswer> FromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
            return new PushAnswer(status, response.Headers.TryGetValues("Cameras-Sha256", out var sha) ? sha.FirstOrDefault() : null, null);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? detail = null;
        try
        {
            using var problem = JsonDocument.Parse(text);
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            detail ??= problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
        }
        catch (JsonException)
        {
        }
        return new PushAnswer(status, null, detail ?? response.ReasonPhrase);
    }
}
