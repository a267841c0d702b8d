using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cameras.TestSupport;

/// <summary>
/// A real OpenID Connect provider (the npm package oidc-provider, tests/tools/oidc-provider.mjs) on a free loopback
/// port, plain http. Its accounts (op-dupont, adm-bernard, mag-martin, court-lefebvre, sans-role) carry their role in
/// <c>cameras_role</c> and who they are under the provider's own names, which <see cref="ServerSettings"/> maps.
/// The port is chosen before the server starts (the server needs the authority at start, the provider the server's
/// origin for its redirect URIs), so: <see cref="ReservePort"/>, start the server, then <see cref="StartAsync"/>.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "cameras-workspace";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OidcProvider(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static int ReservePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string IssuerAt(int port) => $"http://127.0.0.1:{port}";

    /// <summary>Settings that make a server trust the provider at <paramref name="port"/> and map its claims.</summary>
    public static Dictionary<string, string?> ServerSettings(int port) => new()
    {
        ["Cameras:Auth:Authority"] = IssuerAt(port),
        ["Cameras:Auth:RequireHttpsMetadata"] = "false",
        ["Cameras:Auth:ClientId"] = ClientId,
        ["Cameras:Auth:Claims:Role"] = "cameras_role",
        ["Cameras:Auth:Claims:Matricule"] = "employee_number",
        ["Cameras:Auth:Claims:Nom"] = "family_name",
        ["Cameras:Auth:Claims:Prenom"] = "given_name",
        ["Cameras:Auth:Claims:Service"] = "department",
    };

    /// <param name="appOrigin">the workspace's origin: its /app/signin.html is the redirect and post-logout URI</param>
    /// <param name="accessTokenSeconds">how long access (and ID) tokens live</param>
    public static async Task<OidcProvider> StartAsync(int port, Uri appOrigin, int accessTokenSeconds = 3600)
    {
        var process = ExternalProcess.Start("node",
            [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/oidc-provider.mjs"), port.ToString(),
             appOrigin.GetLeftPart(UriPartial.Authority), accessTokenSeconds.ToString()]);
        var provider = new OidcProvider(process, IssuerAt(port));
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (provider._output) provider._output.AppendLine(e.Data);
            if (e.Data?.StartsWith("listening ") == true) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (provider._output) provider._output.AppendLine(e.Data); };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"oidc-provider exited at start:\n{provider.Output}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return provider;
    }

    /// <summary>
    /// An access token by client credentials: <c>probe-operator</c> carries the role operator, <c>probe-norole</c> none;
    /// <paramref name="resource"/> <c>urn:cameras</c> is for the audience <c>cameras</c>, <c>urn:other</c> for <c>other</c>.
    /// </summary>
    public async Task<string> ClientCredentialsTokenAsync(string client, string resource)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["resource"] = resource, ["scope"] = "cameras",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{client}:probe-secret")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"oidc-provider refused the token: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
