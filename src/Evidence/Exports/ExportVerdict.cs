namespace Cameras.Evidence.Exports;

/// <summary>What <see cref="PackageVerifier"/> found: a verdict per item, and the checks that concern the whole package.</summary>
public sealed record ExportVerdict(
    string? Procedure, Guid? ExportId, IReadOnlyList<ItemVerdict> Items, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    /// <summary>True only when every item and every package-wide check holds.</summary>
    public bool Holds => Problems.Count == 0 && Items.All(i => i.Holds);
}

/// <summary>One item (a recording's file in media/): what holds and, when something fails, what.</summary>
public sealed record ItemVerdict(string File, Guid RecordingId, int CustodyEvents, IReadOnlyList<string> Problems)
{
    public bool Holds => Problems.Count == 0;
}
