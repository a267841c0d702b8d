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

    /// <summary>The claim that carries the role in the authority's tokens.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>
    /// Without an authority: print ready sign-in links (admin, operator) on the console once the server listens, as
    /// Jupyter prints its link. ./run.sh turns it on; a deployment leaves it off.
    /// </summary>
    public bool SignInLinks { get; set; }
}
