using System.Text.Json;

namespace Cameras.Tests.Hardening;

/// <summary>What the server answered one malformed request: enough to judge it as a user would.</summary>
public sealed record Answer(int Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public static async Task<Answer> FromAsync(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers)) headers[name] = string.Join(", ", values);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), headers);
    }

    /// <summary>Null when the body is problem+json with a type, a title and a detail; else what is missing.</summary>
    public string? ProblemDefect()
    {
        if (ContentType != "application/problem+json") return $"Content-Type is '{ContentType}', not application/problem+json";
        try
        {
            using var document = JsonDocument.Parse(Body);
            foreach (var member in new[] { "type", "title", "detail" })
                if (!document.RootElement.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(value.GetString()))
                    return $"the problem has no '{member}'";
            if (document.RootElement.TryGetProperty("status", out var status) && status.GetInt32() != Status)
                return $"the problem says status {status.GetInt32()}, the response {Status}";
            return null;
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
    }

    public string Detail()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return Body.Length > 200 ? Body[..200] : Body;
        }
    }
}
