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

    public static IReadOnlyList<string> All { get; } = [Dock, Terminal, Officer, Operator, Magistrate, Admin];

    public static bool IsKnown(string role) => All.Contains(role);
}
