using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;

namespace Cameras.TestSupport;

/// <summary>
/// The real server (every role by default) on Kestrel at a free loopback port, with its own database and
/// data folder, stopped and cleaned up when disposed.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    private TestServer(WebApplication app, TestDatabase database, string dataFolder, Uri address)
    {
        _app = app;
        _database = database;
        DataFolder = dataFolder;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public string DataFolder { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>The less-privileged connection (Cameras:PostgresApp) when started with an app login.</summary>
    public string? AppConnectionString { get; private init; }

    /// <param name="clock">the server's clock (a <see cref="MovableClock"/> for expiry tests); the system's by default</param>
    /// <param name="appLogin">a login that is a member of cameras_app: the server then works through it (Cameras:PostgresApp)</param>
    public static async Task<TestServer> StartAsync(ServerRoles? roles = null, IDictionary<string, string?>? configuration = null,
        (string User, string Password)? appLogin = null, TimeProvider? clock = null)
    {
        var database = await TestDatabase.CreateAsync();
        var app = appLogin is { } login
            ? new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = login.User, Password = login.Password }.ConnectionString
            : null;
        var data = Directory.CreateTempSubdirectory("cameras-test-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Cameras:Postgres"] = database.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Cameras:PostgresApp"] = app,
            // The RTMP and SRT listeners are off unless a test asks for them (on ports of its own).
            ["Cameras:Live:RtmpPort"] = "0",
            ["Cameras:Live:SrtPort"] = "0",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>()) settings[key] = value;
        var host = CamerasHost.Build(new ServeSettings("http://127.0.0.1:0", data, roles ?? ServerRoles.All, Demo: false)
        {
            Configuration = settings, Clock = clock,
        });
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestServer(host, database, data, new Uri(address)) { AppConnectionString = app };
    }

    /// <summary>
    /// A token signed by this server's instance key. It says who the agent is (<see cref="AgentOf"/>, or
    /// <paramref name="agent"/>; <see cref="AgentClaims.None"/> for a token without it), as the register requires of
    /// anyone who consults or extracts.
    /// </summary>
    public string Token(string role, string subject = "test-subject", TimeSpan? lifetime = null, AgentClaims? agent = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(role, subject, lifetime ?? TimeSpan.FromHours(1), agent: agent ?? AgentOf(subject));

    /// <summary>The identity a test token carries by default: a matricule made from the subject, and a name.</summary>
    public static AgentClaims AgentOf(string subject) => new("M-" + subject, "Test", "Agent", "Gardien de la paix", "Service des tests");

    /// <summary>A client that sends a bearer token for <paramref name="role"/>.</summary>
    public HttpClient ClientFor(string role, string subject = "test-subject", AgentClaims? agent = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, subject, agent: agent));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}
