using System.Text;

namespace Cameras.Ingest.Tus;

/// <summary>Parses Upload-Metadata: comma-separated pairs of a key and a Base64 value (the value may be absent).</summary>
public static class UploadMetadataHeader
{
    public static bool TryParse(string? header, out Dictionary<string, string> pairs, out string error)
    {
        pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        error = "";
        if (string.IsNullOrWhiteSpace(header)) return true;
        foreach (var item in header.Split(','))
        {
            var parts = item.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > 2 || parts[0].Any(c => c > 0x7e || c <= 0x20))
            {
                error = $"'{item.Trim()}' is not a key followed by a Base64 value.";
                return false;
            }
            var value = "";
            if (parts.Length == 2)
            {
                var bytes = new byte[parts[1].Length];
                if (!Convert.TryFromBase64String(parts[1], bytes, out var n))
                {
                    error = $"The value of '{parts[0]}' is not Base64.";
                    return false;
                }
                try
                {
                    value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, n);
                }
                catch (DecoderFallbackException)
                {
                    error = $"The value of '{parts[0]}' is not UTF-8 text.";
                    return false;
                }
            }
            if (!pairs.TryAdd(parts[0], value))
            {
                error = $"The key '{parts[0]}' appears twice.";
                return false;
            }
        }
        return true;
    }
}
