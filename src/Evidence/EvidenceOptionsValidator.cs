using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence;

/// <summary>Checks what data annotations cannot: that the connection string parses.</summary>
internal sealed class EvidenceOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options)
    {
        if (string.IsNullOrEmpty(options.Postgres)) return ValidateOptionsResult.Skip;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.Postgres);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"Cameras:Postgres is not a valid connection string: {e.Message}");
        }
    }
}
