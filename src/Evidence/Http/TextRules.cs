namespace Cameras.Evidence.Http;

/// <summary>
/// What text from outside may hold before it reaches PostgreSQL, a log or the ledger: the one validator every
/// surface calls (query strings, headers and paths in <see cref="EdgeTextMiddleware"/>, JSON bodies through
/// <see cref="CheckedTextConverter"/>, tus Upload-Metadata values in the dock's parser). PostgreSQL refuses U+0000 in
/// text and a lone surrogate cannot be encoded as UTF-8, so both would otherwise fail deep inside a transaction as a
/// 500; other control characters are refused because no field of this API means them and they corrupt logs and
/// screens. Free text in JSON bodies (a reason, a title) may hold tabs and line breaks; nothing else may.
/// </summary>
public static class TextRules
{
    /// <summary>Camera, officer, station, procedure numbers, subjects: short identifiers.</summary>
    public const int IdentifierLength = 200;

    /// <summary>A reason or a title: a sentence or a paragraph (the access log already stops reasons at 1000).</summary>
    public const int FreeTextLength = 1000;

    /// <summary>A bearer token carried in the query (WebSocket and media URLs): external providers' can be long.</summary>
    public const int TokenLength = 16_384;

    /// <summary>The longest value a field takes, by its name (query key, header, JSON property or metadata key).</summary>
    public static int MaxLength(string field) => field.ToLowerInvariant() switch
    {
        "reason" or "x-reason" or "title" or "description" or "note" => FreeTextLength,
        "filename" => 255,
        "access_token" => TokenLength,
        _ => IdentifierLength,
    };

    /// <summary>Fields of free text (a reason, a title), which may hold tabs and line breaks.</summary>
    public static bool IsFreeText(string field) => MaxLength(field) == FreeTextLength && !field.Equals("x-reason", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="value"/> is acceptable, else a sentence naming the field and what to fix.</summary>
    /// <param name="multiline">free text: tabs and line breaks are allowed</param>
    public static string? Check(string field, string? value, bool multiline = false, int? maxLength = null)
    {
        if (value is null) return null;
        var max = maxLength ?? MaxLength(field);
        if (value.Length > max) return $"'{field}' is {value.Length} characters long; it takes at most {max}.";
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return $"'{field}' holds a lone UTF-16 surrogate (U+{(int)c:X4}) at position {i}: send valid Unicode text.";
            if (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r'))
                return $"'{field}' holds the control character U+{(int)c:X4} at position {i}: remove it"
                    + (multiline ? " (text here takes printable characters, tabs and line breaks)." : " (this field takes printable characters only).");
        }
        return null;
    }
}
