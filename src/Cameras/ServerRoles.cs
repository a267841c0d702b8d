namespace Cameras;

/// <summary>Which modules a `cameras serve` process runs; every node of a deployment runs the same binary.</summary>
public sealed record ServerRoles(bool Ingest, bool Worker, bool CommandRoom, bool Evidence)
{
    public static readonly string[] Names = ["ingest", "worker", "commandroom", "evidence"];

    public static ServerRoles All { get; } = new(true, true, true, true);

    /// <summary>Parses "ingest,worker"; null or empty means every role.</summary>
    public static ServerRoles Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !Names.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown role '{string.Join("', '", unknown)}'; roles are {string.Join(", ", Names)}.");
        return new(names.Contains("ingest"), names.Contains("worker"), names.Contains("commandroom"), names.Contains("evidence"));
    }

    public override string ToString() =>
        string.Join(",", Names.Where((_, i) => new[] { Ingest, Worker, CommandRoom, Evidence }[i]));
}
