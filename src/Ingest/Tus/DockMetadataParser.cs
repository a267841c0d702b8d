using System.Globalization;
using System.Text.RegularExpressions;
using Cameras.Evidence.Http;
using Cameras.Evidence.Storage;
using Cameras.Ingest.Uploads;

namespace Cameras.Ingest.Tus;

/// <summary>Validates the dock's Upload-Metadata keys (DESIGN.md): a file needs the camera-side sha256.</summary>
public static partial class DockMetadataParser
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex OffloadPattern();

    public static bool TryParse(IReadOnlyDictionary<string, string> pairs, bool partial, out DockMetadata metadata, out string error)
    {
        metadata = DockMetadata.None;
        error = "";
        string? Text(string key) => pairs.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        // One rule for text at every edge (control characters, NUL included: PostgreSQL text cannot hold U+0000; lengths).
        foreach (var key in new[] { "filename", "camera", "officer", "station", "recorded_at", "sha256", "offload" })
            if (TextRules.Check(key, Text(key)) is { } problem)
            {
                error = problem;
                return false;
            }
        var sha = Text("sha256")?.ToLowerInvariant();
        if (sha is null && !partial)
        {
            error = "'sha256' (the camera-side SHA-256 of the file, in hex) is required: without it the file cannot be verified.";
            return false;
        }
        if (sha is not null && !ObjectKeys.IsSha256Hex(sha))
        {
            error = "'sha256' must be 64 hexadecimal digits.";
            return false;
        }
        DateTimeOffset? recordedAt = null;
        if (Text("recorded_at") is { } when)
        {
            if (!DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error = "'recorded_at' must be an ISO 8601 date and time.";
                return false;
            }
            recordedAt = parsed.ToUniversalTime();
        }
        var offload = Text("offload");
        if (offload is not null && !OffloadPattern().IsMatch(offload))
        {
            error = "'offload' must be 1 to 100 letters, digits, '.', '_' or '-'.";
            return false;
        }
        metadata = new DockMetadata(Text("filename"), Text("camera"), Text("officer"), Text("station"), recordedAt, sha, offload);
        return true;
    }
}
