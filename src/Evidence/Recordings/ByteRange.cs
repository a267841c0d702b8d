using System.Globalization;

namespace Cameras.Evidence.Recordings;

/// <summary>A single HTTP byte range (RFC 9110 14.1), resolved against the object's size.</summary>
public readonly record struct ByteRange(long Offset, long Length)
{
    /// <summary>
    /// Parses <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. Returns null for no header or a form this server
    /// ignores (several ranges: the whole object is sent, as RFC 9110 allows); <paramref name="unsatisfiable"/> is
    /// true when the range lies outside the object.
    /// </summary>
    public static ByteRange? Parse(string? header, long size, out bool unsatisfiable)
    {
        unsatisfiable = false;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
            return null;
        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0) return null;
        var (first, last) = (spec[..dash], spec[(dash + 1)..]);
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix)) return null;
            if (suffix == 0 || size == 0) { unsatisfiable = true; return null; }
            var length = Math.Min(suffix, size);
            return new ByteRange(size - length, length);
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        var end = size - 1;
        if (last.Length > 0 && (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)) return null;
        if (start >= size) { unsatisfiable = true; return null; }
        end = Math.Min(end, size - 1);
        return new ByteRange(start, end - start + 1);
    }
}
