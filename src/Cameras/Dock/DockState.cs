using System.Text.Json;

namespace Cameras.Dock;

/// <summary>
/// What a docking remembers between runs, in FOLDER/.cameras-dock.json: the offload id, each file's hash (so a
/// rerun does not hash again) and upload URL (so a rerun resumes instead of starting over). Written atomically.
/// </summary>
public sealed class DockState
{
    public const string FileName = ".cameras-dock.json";

    public string Offload { get; set; } = NewOffloadId();

    public Dictionary<string, DockFileState> Files { get; set; } = [];

    public static string NewOffloadId() => $"off-{DateTime.UtcNow:yyyyMMddTHHmmss}-{Guid.NewGuid().ToString("n")[..8]}";

    public static DockState Load(string path)
    {
        if (!File.Exists(path)) return new DockState();
        try
        {
            return JsonSerializer.Deserialize<DockState>(File.ReadAllText(path)) ?? new DockState();
        }
        catch (JsonException)
        {
            return new DockState(); // a torn or foreign file: start over rather than trust it
        }
    }

    private readonly Lock _gate = new();

    public void Save(string path)
    {
        lock (_gate)
        {
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temp, path, overwrite: true);
        }
    }
}

/// <summary>One file of a docking: identified by name, size and time; its hash and upload URL once known.</summary>
public sealed class DockFileState
{
    public long Size { get; set; }
    public DateTime Modified { get; set; }
    public string? Sha256 { get; set; }
    public string? UploadUrl { get; set; }
}
