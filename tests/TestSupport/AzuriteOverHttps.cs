using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;

namespace Cameras.TestSupport;

/// <summary>
/// An Azurite of the test's own, over https with a self-signed certificate made here and with <c>--oauth basic</c>:
/// Azurite takes bearer tokens over https only, and then checks their issuer, audience and lifetime (not their
/// signature). Clients trust exactly this certificate through <see cref="ClientOptions"/>.
/// </summary>
public sealed class AzuriteOverHttps : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly string _thumbprint;

    private AzuriteOverHttps(Process process, string folder, string thumbprint, int port)
    {
        _process = process;
        _folder = folder;
        _thumbprint = thumbprint;
        BlobUrl = $"https://127.0.0.1:{port}/{TestEnvironment.AzuriteAccount}";
    }

    public string BlobUrl { get; }

    public static async Task<AzuriteOverHttps> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("cameras-azurite-").FullName;
        using var certificate = SelfSigned();
        await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var port = FreePort();
        var process = ExternalProcess.Start("node", [
            Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/node_modules/azurite/dist/src/blob/main.js"),
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", Path.Combine(folder, "data"),
            "--silent", "--skipApiVersionCheck", "--oauth", "basic",
            "--cert", Path.Combine(folder, "cert.pem"), "--key", Path.Combine(folder, "key.pem")]);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteOverHttps(process, folder, certificate.Thumbprint, port);
        await azurite.WaitListeningAsync(port);
        return azurite;
    }

    /// <summary>Client options whose transport trusts this Azurite's certificate, and no other.</summary>
    public BlobClientOptions ClientOptions()
    {
        var thumbprint = _thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
        return new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private async Task WaitListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Azurite exited at start with code {_process.ExitCode}.");
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=azurite.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
