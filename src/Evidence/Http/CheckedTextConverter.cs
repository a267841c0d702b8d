using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Cameras.Evidence.Http;

/// <summary>
/// Every string of a JSON request body passes <see cref="TextRules"/> as it is read; a property's own name sets its
/// limit (<see cref="Apply"/> gives each string property its converter), strings inside lists get the identifier limit.
/// A refusal is a <see cref="JsonException"/>, which the endpoint's binding turns into a 400 naming the path.
/// </summary>
public sealed class CheckedTextConverter(string field) : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"'{field}' must be a JSON string, not {Describe(reader.TokenType)}.");
        string? value;
        try
        {
            value = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw new JsonException($"'{field}' is not valid Unicode text (a lone surrogate escape?).");
        }
        return TextRules.Check(field, value, multiline: TextRules.IsFreeText(field)) is { } problem ? throw new JsonException(problem) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>A type-info modifier: each string property of a bound type checks its text under its own name.</summary>
    public static void Apply(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in info.Properties)
            if (property.PropertyType == typeof(string) && property.CustomConverter is null)
                property.CustomConverter = new CheckedTextConverter(property.Name);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
}
