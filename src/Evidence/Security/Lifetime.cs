using System.Globalization;

namespace Cameras.Evidence.Security;

/// <summary>Parses the short durations people type: 90s, 30m, 8h, 7d.</summary>
public static class Lifetime
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
            return false;
        TimeSpan? parsed = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
        if (parsed is null) return false;
        value = parsed.Value;
        return true;
    }
}
