using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cameras.Ingest.Offloads;

/// <summary>
/// The bytes a receipt's signature covers: RFC 8785 (JCS) for the values receipts hold — object keys sorted by
/// UTF-16 code units, no whitespace, integers only, strings escaping only '"', '\' and control characters —
/// which is what JSON.stringify gives with sorted keys, so anyone can rebuild them.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Serialize(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    WriteString(text, key);
                    text.Append(':');
                    Write(text, value);
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Write(text, array[i]);
                }
                text.Append(']');
                break;
            case JsonValue value:
                WriteValue(text, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String: WriteString(text, value.GetValue<string>()); break;
            case JsonValueKind.True: text.Append("true"); break;
            case JsonValueKind.False: text.Append("false"); break;
            case JsonValueKind.Null: text.Append("null"); break;
            case JsonValueKind.Number when value.TryGetValue<long>(out var n): text.Append(n.ToString(CultureInfo.InvariantCulture)); break;
            case JsonValueKind.Number:
                var parsed = long.Parse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                text.Append(parsed.ToString(CultureInfo.InvariantCulture));
                break;
            default: throw new FormatException("Receipts hold only strings, integers, booleans, null, arrays and objects.");
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
