namespace Cameras.Evidence.Security;

/// <summary>The roles a token can carry. Every endpoint names the ones it admits.</summary>
public static class Roles
{
    public const string Dock = "dock";
    public const string Terminal = "terminal";
    public const string Officer = "officer";
    public const string Operator = "operator";
    public const string Magistrate = "magistrate";
    public const string Admin = "admin";

    /// <summary>
    /// A supervisor (superviseur, officier de police judiciaire): reviews every recording as an operator does (search,
    /// play, cases, holds, exports) and reads the traceability register; no live wall, no administration (jobs,
    /// retention runs, ledger checkpoints, metrics).
    /// </summary>
    public const string Supervisor = "supervisor";

    public static IReadOnlyList<string> All { get; } = [Dock, Terminal, Officer, Operator, Supervisor, Magistrate, Admin];

    public static bool IsKnown(string role) => All.Contains(role);
}
