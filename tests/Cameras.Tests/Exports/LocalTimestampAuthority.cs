using Cameras.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Cameras.Tests.Exports;

/// <summary>
/// An RFC 3161 timestamp authority on a loopback port for one test: each query is answered by `openssl ts -reply`
/// with a TSA certificate and key that openssl generated for it.
/// </summary>
internal sealed class LocalTimestampAuthority : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cameras-tsa-").FullName;
    private LoopbackEndpoint _endpoint = null!;
    private int _answered;

    public Uri Url { get; private set; } = null!;

    public int Answered => _answered;

    public static async Task<LocalTimestampAuthority> StartAsync()
    {
        var tsa = new LocalTimestampAuthority();
        var made = await ExternalProcess.RunAsync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "tsa.key", "-out", "tsa.crt", "-subj", "/CN=Local test TSA", "-days", "2",
            "-addext", "extendedKeyUsage=critical,timeStamping", "-addext", "keyUsage=critical,digitalSignature"], workingDirectory: tsa._folder);
        Assert.True(made.ExitCode == 0, made.Stderr);
        await File.WriteAllTextAsync(Path.Combine(tsa._folder, "serial"), "01\n");
        await File.WriteAllTextAsync(Path.Combine(tsa._folder, "ts.cnf"), $"""
            [ tsa ]
            default_tsa = local
            [ local ]
            dir = {tsa._folder}
            serial = $dir/serial
            signer_cert = $dir/tsa.crt
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.99999.1
            digests = sha256
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256

            """);
        tsa._endpoint = await LoopbackEndpoint.StartAsync(tsa.AnswerAsync);
        tsa.Url = new Uri($"{tsa._endpoint.Url}/tsa/");
        return tsa;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var name = Guid.NewGuid().ToString("N");
        await using (var query = File.Create(Path.Combine(_folder, name + ".tsq"))) await context.Request.Body.CopyToAsync(query);
        var reply = await ExternalProcess.RunAsync("openssl", ["ts", "-reply", "-config", "ts.cnf", "-queryfile", name + ".tsq",
            "-out", name + ".tsr"], workingDirectory: _folder);
        if (reply.ExitCode != 0)
        {
            context.Response.StatusCode = 500;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_folder, name + ".tsr"));
        context.Response.ContentType = "application/timestamp-reply";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
        Interlocked.Increment(ref _answered);
    }

    public async ValueTask DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
