using System.Security.Cryptography;

namespace Cameras.Evidence.Security;

/// <summary>
/// The instance's ECDSA P-256 keys, one per purpose, as PKCS#8 PEM files in the keys folder. A missing key is
/// created on first use; nodes that start together race safely (the first file linked into place wins).
/// Private keys are never logged.
/// </summary>
public sealed class InstanceKeys
{
    public const string TokenSigning = "token-signing";
    public const string ReceiptSigning = "receipt-signing";
    public const string LedgerSigning = "ledger-signing";
    /// <summary>Signs the short-lived tokens nodes show each other (<see cref="NodeTokens"/>), and nothing else.</summary>
    public const string NodeSigning = "node-signing";

    public static IReadOnlyList<string> Purposes { get; } = [TokenSigning, ReceiptSigning, LedgerSigning, NodeSigning];

    private readonly string _folder;
    private readonly Dictionary<string, ECDsa> _keys = [];
    private readonly Lock _gate = new();

    public InstanceKeys(string folder)
    {
        _folder = Path.GetFullPath(folder);
    }

    public string Folder => _folder;

    /// <summary>The private key for <paramref name="purpose"/>, created when missing.</summary>
    public ECDsa Get(string purpose)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(purpose, out var key)) return key;
            key = LoadOrCreate(Path.Combine(_folder, purpose + ".pem"));
            _keys[purpose] = key;
            return key;
        }
    }

    /// <summary>The public half of a key, as SubjectPublicKeyInfo PEM: what verifiers are given.</summary>
    public string PublicPem(string purpose) => Get(purpose).ExportSubjectPublicKeyInfoPem();

    /// <summary>A short stable identifier of a key (first 16 hex digits of the SHA-256 of its public key).</summary>
    public string KeyId(string purpose) =>
        Convert.ToHexStringLower(SHA256.HashData(Get(purpose).ExportSubjectPublicKeyInfo()))[..16];

    private static ECDsa LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(folder);
            // Nodes (and threads) starting together take turns on one lock file, so exactly one key is ever written:
            // a move that refuses an existing target is not atomic on every filesystem.
            using var turn = TakeTurn(Path.Combine(folder, ".creating.lock"));
            if (!File.Exists(path))
            {
                using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var temp = path + "." + Guid.NewGuid().ToString("n") + ".tmp";
                File.WriteAllText(temp, fresh.ExportPkcs8PrivateKeyPem());
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.Move(temp, path, overwrite: false);
            }
        }
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return key;
    }

    /// <summary>An exclusive lock on <paramref name="lockPath"/> (flock on Unix), held until disposed.</summary>
    private static FileStream TakeTurn(string lockPath)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 400)
            {
                Thread.Sleep(25);
            }
        }
    }
}
