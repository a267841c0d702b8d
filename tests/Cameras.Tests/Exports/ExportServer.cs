using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>One real server (every role, worker included) shared by a test class; each test makes its own recordings.</summary>
public sealed class ExportServer : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("cameras-export-test-").FullName;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    public string NewFolder() => Directory.CreateDirectory(Path.Combine(Folder, Guid.NewGuid().ToString("N"))).FullName;
}
