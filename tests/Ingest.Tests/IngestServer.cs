using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

/// <summary>One server for a test class (each test makes its own uploads), with a small Tus-Max-Size.</summary>
public sealed class IngestServer : IAsyncLifetime
{
    public const long MaxSize = 1 << 20;

    /// <summary>Ingest and the evidence API, without the processing workers: these tests look at what ingest did,
    /// not at what the workers do next (they would also spend the suite's two cores on ffmpeg).</summary>
    public static ServerRoles IngestOnly { get; } = ServerRoles.Parse("ingest,evidence");

    public TestServer Server { get; private set; } = null!;

    public HttpClient Dock { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(IngestServer.IngestOnly, configuration: new Dictionary<string, string?> { ["Cameras:Ingest:MaxSize"] = MaxSize.ToString() });
        Dock = Server.ClientFor(Roles.Dock, "dock-st3");
    }

    public async Task DisposeAsync()
    {
        Dock.Dispose();
        await Server.DisposeAsync();
    }
}
