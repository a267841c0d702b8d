using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// The one JSON form the ledger hashes (a subset of RFC 8785, JCS): no whitespace; object members sorted by
/// name in UTF-16 code-unit order; strings escape only <c>"</c>, <c>\</c> and U+0000–U+001F (as <c>\b \t \n
/// \f \r</c> or <c>\u00xx</c>, lower-case hex), everything else is raw UTF-8; numbers are integers written
/// in plain decimal (a fraction or exponent is refused: put it in a string); true, false, null.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(node, builder);
        return builder.ToString();
    }

    public static void Write(JsonNode? node, StringBuilder output)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj:
                output.Append('{');
                var first = true;
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) output.Append(',');
                    first = false;
                    WriteString(name, output);
                    output.Append(':');
                    Write(value, output);
                }
                output.Append('}');
                break;
            case JsonArray array:
                output.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) output.Append(',');
                    Write(array[i], output);
                }
                output.Append(']');
                break;
            case JsonValue value:
                WriteValue(value, output);
                break;
        }
    }

    private static void WriteValue(JsonValue value, StringBuilder output)
    {
        var element = JsonSerializer.SerializeToElement(value);
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                output.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number when element.TryGetDecimal(out var number) && number == decimal.Truncate(number):
                output.Append(decimal.Truncate(number).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException(
                    $"Ledger details hold integers only; write {element.GetRawText()} as a string.");
        }
    }

    public static void WriteString(string text, StringBuilder output)
    {
        output.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                output.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsSurrogate(c)) throw new ArgumentException("A ledger string holds an unpaired surrogate.");
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\t': output.Append("\\t"); break;
                case '\n': output.Append("\\n"); break;
                case '\f': output.Append("\\f"); break;
                case '\r': output.Append("\\r"); break;
                case < ' ': output.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: output.Append(c); break;
            }
        }
        output.Append('"');
    }
}
