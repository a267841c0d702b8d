namespace Cameras;

/// <summary>What `cameras serve` was asked for on its command line; null means the configured default.</summary>
public sealed record ServeSettings(string? Urls, string? Data, ServerRoles Roles, bool Demo)
{
    /// <summary>Extra configuration (keys like "Cameras:Postgres"), applied last; tests use it.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>The clock the modules read (expiry, retention dates); the system's unless a test moves its own.</summary>
    public TimeProvider? Clock { get; init; }
}
