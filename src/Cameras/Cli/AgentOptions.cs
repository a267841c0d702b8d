using System.CommandLine;
using Cameras.Evidence.Security;

namespace Cameras.Cli;

/// <summary>
/// <c>--matricule M --nom N --prenom P --grade G --service S</c>: who the agent is, put into their token
/// (<see cref="AgentClaims"/>) for the traceability register. Each is optional.
/// </summary>
internal sealed class AgentOptions
{
    private const int MaxLength = 200;

    private readonly Option<string?> _matricule = new("--matricule") { Description = "The agent's matricule (service number)." };
    private readonly Option<string?> _nom = new("--nom") { Description = "The agent's surname (nom)." };
    private readonly Option<string?> _prenom = new("--prenom") { Description = "The agent's given name (prénom)." };
    private readonly Option<string?> _grade = new("--grade") { Description = "The agent's grade (rank)." };
    private readonly Option<string?> _service = new("--service") { Description = "The agent's service (unit)." };

    public void AddTo(Command command)
    {
        foreach (var option in Options) command.Options.Add(option);
    }

    /// <returns>what is wrong with a given value, or null with the claims</returns>
    public string? Read(ParseResult result, out AgentClaims claims)
    {
        claims = new AgentClaims(result.GetValue(_matricule), result.GetValue(_nom), result.GetValue(_prenom), result.GetValue(_grade),
            result.GetValue(_service));
        foreach (var (option, (_, value)) in Options.Zip(claims.All))
        {
            if (value is null) continue;
            if (string.IsNullOrWhiteSpace(value)) return $"{option.Name} must not be empty; leave it out instead.";
            if (value.Length > MaxLength) return $"{option.Name} must be at most {MaxLength} characters.";
            if (value.Any(char.IsControl)) return $"{option.Name} must not hold control characters.";
        }
        return null;
    }

    private IEnumerable<Option<string?>> Options => [_matricule, _nom, _prenom, _grade, _service];
}
