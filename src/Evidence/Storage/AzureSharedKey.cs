using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace Cameras.Evidence.Storage;

/// <summary>
/// Signs a Blob service request with the account key (Shared Key authorization, versions 2009-09-19 and later):
/// HMAC-SHA256 over the verb, the standard headers, the x-ms-* headers and the canonicalized resource.
/// </summary>
internal sealed class AzureSharedKey(string account, string base64Key)
{
    private readonly byte[] _key = Convert.FromBase64String(base64Key);

    public void Sign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength is > 0 ? content.ContentLength.ToString() : "";
        var text = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Join(content?.ContentEncoding)).Append('\n')
            .Append(Join(content?.ContentLanguage)).Append('\n')
            .Append(length).Append('\n')
            .Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "").Append('\n')
            .Append(content?.ContentType?.ToString() ?? "").Append('\n')
            .Append('\n') // Date: x-ms-date is sent instead
            .Append(Header(request.Headers, "If-Modified-Since")).Append('\n')
            .Append(Header(request.Headers, "If-Match")).Append('\n')
            .Append(Header(request.Headers, "If-None-Match")).Append('\n')
            .Append(Header(request.Headers, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request.Headers, "Range")).Append('\n');
        foreach (var (name, value) in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value).Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
            text.Append(name).Append(':').Append(value).Append('\n');
        text.Append(CanonicalizedResource(request.RequestUri!));

        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text.ToString())));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{account}:{signature}");
    }

    private string CanonicalizedResource(Uri uri)
    {
        var resource = new StringBuilder("/").Append(account).Append(uri.AbsolutePath);
        var query = HttpUtility.ParseQueryString(uri.Query);
        foreach (var name in query.AllKeys.Where(k => k is not null).Select(k => k!).OrderBy(k => k.ToLowerInvariant(), StringComparer.Ordinal))
        {
            var values = query.GetValues(name)!.Order(StringComparer.Ordinal);
            resource.Append('\n').Append(name.ToLowerInvariant()).Append(':').Append(string.Join(",", values));
        }
        return resource.ToString();
    }

    private static string Join(ICollection<string>? values) => values is { Count: > 0 } ? string.Join(",", values) : "";

    private static string Header(HttpRequestHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
