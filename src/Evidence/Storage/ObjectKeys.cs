using System.Text.RegularExpressions;

namespace Cameras.Evidence.Storage;

/// <summary>The one place that says what a key may look like and where originals live.</summary>
public static partial class ObjectKeys
{
    // Lower-case ASCII, digits and a few separators; no empty segment, no "." or ".." segment.
    [GeneratedRegex("^(?!.*//)(?!/)(?!.*/$)[a-z0-9][a-z0-9._/-]{0,511}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    public static bool IsSha256Hex(string value) => Sha256Pattern().IsMatch(value);

    /// <summary>An original is stored under its SHA-256, fanned out so no folder grows huge.</summary>
    public static string Original(string sha256Hex)
    {
        if (!IsSha256Hex(sha256Hex))
            throw new ArgumentException("An original's key is its SHA-256 in lower-case hex.", nameof(sha256Hex));
        return $"originals/{sha256Hex[..2]}/{sha256Hex[2..4]}/{sha256Hex}";
    }

    public static void Validate(string key)
    {
        if (!KeyPattern().IsMatch(key) || key.Split('/').Any(s => s is "." or ".."))
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
    }
}
