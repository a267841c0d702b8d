using System.Security.Claims;

namespace Cameras.Evidence.Security;

/// <summary>
/// Who an agent is, as the traceability register records every access (CSI R241-2: matricule, nom, prénom, grade, and the
/// recipient service), carried in the agent's token under these claim names. Each is optional; null means not given.
/// </summary>
public sealed record AgentClaims(string? Matricule = null, string? Nom = null, string? Prenom = null, string? Grade = null, string? Service = null)
{
    public const string MatriculeClaim = "matricule";
    public const string NomClaim = "nom";
    public const string PrenomClaim = "prenom";
    public const string GradeClaim = "grade";
    public const string ServiceClaim = "service";

    public static AgentClaims None { get; } = new();

    /// <summary>The given values as (claim name, value), in a fixed order.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<(string Name, string? Value)> All =>
        [(MatriculeClaim, Matricule), (NomClaim, Nom), (PrenomClaim, Prenom), (GradeClaim, Grade), (ServiceClaim, Service)];

    /// <summary>The claims to put into a token: only the values given.</summary>
    public IEnumerable<Claim> ToClaims() => All.Where(c => c.Value is not null).Select(c => new Claim(c.Name, c.Value!));

    /// <summary>The agent's claims as a token carries them (for the register); absent ones are null.</summary>
    public static AgentClaims From(ClaimsPrincipal user) => new(user.FindFirst(MatriculeClaim)?.Value, user.FindFirst(NomClaim)?.Value,
        user.FindFirst(PrenomClaim)?.Value, user.FindFirst(GradeClaim)?.Value, user.FindFirst(ServiceClaim)?.Value);
}
