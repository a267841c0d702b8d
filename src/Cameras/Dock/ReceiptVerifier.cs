using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cameras.Ingest.Offloads;

namespace Cameras.Dock;

/// <summary>Checks a receipt the way the dock must before wiping: a valid signature by a key the server publishes,
/// and every local file listed with its size and SHA-256.</summary>
public static class ReceiptVerifier
{
    /// <summary>Null when the receipt holds; otherwise why not.</summary>
    public static string? Check(JsonObject signed, JsonObject keys, string offload, IReadOnlyList<DockFile> files)
    {
        var kid = signed["signature"]?["kid"]?.GetValue<string>();
        var pem = keys["keys"]?.AsArray().FirstOrDefault(k => k?["kid"]?.GetValue<string>() == kid)?["pem"]?.GetValue<string>();
        if (pem is null) return $"the receipt is signed by key '{kid}', which the server does not publish";
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (!ReceiptSignature.Verify(signed, key)) return "the receipt's signature does not verify";
        var receipt = signed["receipt"]!;
        if (receipt["offload"]?.GetValue<string>() != offload) return "the receipt is for another offload";
        var listed = receipt["files"]?.AsArray().Select(f => (Sha: f?["sha256"]?.GetValue<string>(), Size: f?["size"]?.GetValue<long>())).ToList() ?? [];
        var missing = files.Where(f => !listed.Contains((f.Sha256, f.Size))).Select(f => f.Name).ToList();
        return missing.Count == 0 ? null : $"the receipt does not list {string.Join(", ", missing)}";
    }
}
