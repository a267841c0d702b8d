using System.ComponentModel.DataAnnotations;
using Cameras.Evidence.Storage;

namespace Cameras.Evidence;

/// <summary>Settings under <c>Cameras:*</c> that every role needs: the catalog, the data folder, the object store.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Cameras";

    /// <summary>Npgsql connection string (<c>Cameras__Postgres</c>).</summary>
    [Required(ErrorMessage = "Cameras:Postgres (environment Cameras__Postgres) must name a PostgreSQL connection string; ./run.sh starts a private server and sets it.")]
    public string Postgres { get; set; } = "";

    /// <summary>
    /// Optional connection string for everything but schema changes (<c>Cameras__PostgresApp</c>): a login that is a
    /// member of the role <c>cameras_app</c>, which can read and append to the ledger but not change, delete or
    /// unguard it. Empty means the application uses <see cref="Postgres"/> (the owner), which can.
    /// </summary>
    public string? PostgresApp { get; set; }

    /// <summary>Data folder: instance keys, and the filesystem object store unless another is configured.</summary>
    [Required]
    public string Data { get; set; } = ".data";

    /// <summary>Folder of the instance keys; defaults to <c>{Data}/keys</c>. Nodes of one deployment share it.</summary>
    public string? Keys { get; set; }

    /// <summary>This process's name among the nodes of a deployment (worker cluster id, logs); unique per node.</summary>
    [Required]
    public string Node { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    public StorageOptions Storage { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public Ledger.LedgerOptions Ledger { get; set; } = new();

    public string KeysFolder => Path.GetFullPath(Keys ?? Path.Combine(Data, "keys"));
}

/// <summary>French rules (CSI R241-1 ff.): recordings are kept a limited time, the access log three years.</summary>
public sealed class RetentionOptions
{
    [Range(1, 3650)]
    public int RecordingDays { get; set; } = 30;

    [Range(1, 36500)]
    public int AccessLogDays { get; set; } = 3 * 365;
}

/// <summary>Bearer tokens: signed by the instance key unless an OpenID Connect authority is configured.</summary>
public sealed class AuthOptions
{
    /// <summary>An external OpenID Connect authority (its issuer URL); empty means instance-signed tokens.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "cameras";

    /// <summary>
    /// Whether the authority's metadata (discovery document, keys) must come over https. Turn it off only for a
    /// development or test authority on plain http; the start-up check refuses an http authority otherwise.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The claim that carries the role in the authority's tokens: the older name of <see cref="ClaimNames.Role"/>,
    /// used when <c>Cameras:Auth:Claims:Role</c> is not set.
    /// </summary>
    public string? RoleClaim { get; set; }

    /// <summary>Which of the authority's claims carry the role and who the agent is (<c>Cameras:Auth:Claims:*</c>).</summary>
    public ClaimNames Claims { get; set; } = new();

    /// <summary>The claim the role is read from, whichever of the two settings names it.</summary>
    public string RoleClaimName => Claims.Role ?? RoleClaim ?? ClaimNames.DefaultRole;

    /// <summary>
    /// The workspace's client at the authority (public, Authorization Code with PKCE, redirect URI
    /// <c>{origin}/app/signin.html</c>); without it the pages cannot sign in and the API takes bearer tokens only.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>Scopes the workspace asks for (space-separated).</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>A resource indicator (RFC 8707) the workspace sends, for providers that choose the token's audience by it.</summary>
    public string? Resource { get; set; }

    /// <summary>
    /// Without an authority: print ready sign-in links (admin, operator) on the console once the server listens, as
    /// Jupyter prints its link. ./run.sh turns it on; a deployment leaves it off.
    /// </summary>
    public bool SignInLinks { get; set; }
}

/// <summary>
/// Names of the authority's claims that carry the role and the agent's identity (CSI R241-2). Each defaults to the
/// name the instance-signed tokens use; a provider that says <c>family_name</c> for the surname sets
/// <c>Cameras:Auth:Claims:Nom=family_name</c>.
/// </summary>
public sealed class ClaimNames
{
    public const string DefaultRole = "role";

    public string? Role { get; set; }

    public string Matricule { get; set; } = Security.AgentClaims.MatriculeClaim;

    public string Nom { get; set; } = Security.AgentClaims.NomClaim;

    public string Prenom { get; set; } = Security.AgentClaims.PrenomClaim;

    public string Grade { get; set; } = Security.AgentClaims.GradeClaim;

    public string Service { get; set; } = Security.AgentClaims.ServiceClaim;

    /// <summary>(setting, provider's claim name, the name the server reads) for each agent claim.</summary>
    public IEnumerable<(string Setting, string From, string To)> Agent =>
    [
        ("Matricule", Matricule, Security.AgentClaims.MatriculeClaim), ("Nom", Nom, Security.AgentClaims.NomClaim),
        ("Prenom", Prenom, Security.AgentClaims.PrenomClaim), ("Grade", Grade, Security.AgentClaims.GradeClaim),
        ("Service", Service, Security.AgentClaims.ServiceClaim),
    ];
}
