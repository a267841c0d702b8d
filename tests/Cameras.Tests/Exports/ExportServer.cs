using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>One real server (every role, worker included) shared by a test class; each test makes its own recordings.</summary>
public sealed class ExportServer : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("cameras-export-test-").FullName;

    /// <summary>The server's clock, which a test may move on (a link's expiry) instead of sleeping.</summary>
    public MovableClock Clock { get; } = new();

    public async Task InitializeAsync() => Server = await TestServer.StartAsync(clock: Clock);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    public string NewFolder() => Directory.CreateDirectory(Path.Combine(Folder, Guid.NewGuid().ToString("N"))).FullName;
}
