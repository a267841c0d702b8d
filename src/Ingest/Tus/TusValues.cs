using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Cameras.Ingest.Tus;

/// <summary>Small parsers shared by the tus verbs.</summary>
public static class TusValues
{
    public static bool TryNonNegative(StringValues header, out long value)
    {
        value = 0;
        return header.Count == 1 && header[0] is { Length: > 0 and < 20 } text && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The upload id at the end of an upload URL (absolute or a path).</summary>
    public static bool TryUploadId(string url, out Guid id)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : url;
        var last = path.TrimEnd('/').Split('/')[^1];
        return Guid.TryParse(last, out id) && path.Contains("/dock/uploads/", StringComparison.Ordinal);
    }
}
