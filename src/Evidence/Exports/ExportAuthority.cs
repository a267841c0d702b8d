using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cameras.Evidence.Exports;

/// <summary>
/// The certificate (ECDSA P-256) that signs export manifests, with its chain up to a root. Loaded from the configured
/// files; without any, a development authority (a self-signed root and a signing certificate it issued) is created
/// once in <c>{Data}/authority/</c> so `./run.sh` works from the first start. Private keys are never logged.
/// </summary>
public sealed class ExportAuthority
{
    private ExportAuthority(X509Certificate2 signer, X509Certificate2Collection chain)
    {
        Signer = signer;
        Chain = chain;
    }

    /// <summary>The signing certificate, with its private key.</summary>
    public X509Certificate2 Signer { get; }

    /// <summary>The issuers of <see cref="Signer"/>, up to and including the root.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <summary>Signer then issuers, as PEM: what <c>GET /api/authority.pem</c> publishes and <c>-CAfile</c> takes.</summary>
    public string Pem => string.Concat(new[] { Signer }.Concat(Chain).Select(c => c.ExportCertificatePem() + "\n"));

    public static ExportAuthority Load(ExportOptions options, string dataFolder)
    {
        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            if (string.IsNullOrEmpty(options.KeyPath))
                throw new InvalidOperationException("Cameras:Exports:KeyPath must name the private key of Cameras:Exports:CertificatePath.");
            return FromFiles(options.CertificatePath, options.KeyPath);
        }
        var folder = Path.Combine(Path.GetFullPath(dataFolder), "authority");
        var certificate = Path.Combine(folder, "signing.pem");
        var key = Path.Combine(folder, "signing-key.pem");
        if (!File.Exists(certificate) || !File.Exists(key)) CreateDevelopment(folder);
        return FromFiles(certificate, key);
    }

    private static ExportAuthority FromFiles(string certificatePath, string keyPath)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        if (all.Count == 0) throw new InvalidOperationException($"{certificatePath} holds no certificate.");
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        var signer = all[0].CopyWithPrivateKey(key);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++) chain.Add(all[i]);
        return new ExportAuthority(signer, chain);
    }

    /// <summary>A root valid 20 years and a signing certificate valid 10, written with owner-only permissions.</summary>
    private static void CreateDevelopment(string folder)
    {
        Directory.CreateDirectory(folder);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest($"CN=Cameras development export authority {Guid.NewGuid():N}, O=Cameras",
            rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        // The system's clock, not the host's TimeProvider: these certificates are checked by openssl and other verifiers
        // against theirs, for years.
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var root = rootRequest.CreateSelfSigned(now, now.AddYears(20));

        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Cameras development export signing, O=Cameras", signingKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var signing = request.Create(root, now, now.AddYears(10), RandomNumberGenerator.GetBytes(16));

        WritePrivate(Path.Combine(folder, "root-key.pem"), rootKey.ExportPkcs8PrivateKeyPem());
        WritePrivate(Path.Combine(folder, "signing-key.pem"), signingKey.ExportPkcs8PrivateKeyPem());
        // The certificate file is written last: its presence says the set is complete.
        WritePrivate(Path.Combine(folder, "signing.pem"), signing.ExportCertificatePem() + "\n" + root.ExportCertificatePem() + "\n");
    }

    private static void WritePrivate(string path, string text)
    {
        var temp = path + "." + Guid.NewGuid().ToString("n") + ".tmp";
        File.WriteAllText(temp, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }
}
