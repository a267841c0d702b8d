using System.Collections.Concurrent;
using System.Text;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>
/// With an OTLP collector configured, the server sends it traces of its HTTP requests and of its PostgreSQL commands
/// (OTLP over http/protobuf to a loopback endpoint standing in for the collector, which keeps what it is sent).
/// </summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task Requests_and_their_database_commands_are_traced_to_the_collector()
    {
        var received = new ConcurrentQueue<(string Path, string Body)>();
        await using var collector = await LoopbackEndpoint.StartAsync(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            // Protobuf keeps strings as UTF-8 bytes: span names and attribute values can be read as they are.
            received.Enqueue((http.Request.Path, Encoding.UTF8.GetString(body.ToArray())));
            http.Response.ContentType = "application/x-protobuf";
        });
        await using var server = await TestServer.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Cameras:Telemetry:OtlpEndpoint"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200", // export spans within a fraction of a second
        });

        (await server.Client.GetAsync("/readyz")).EnsureSuccessStatusCode(); // reads PostgreSQL

        var traces = await Eventually.ThatAsync(() => Task.FromResult(received.Where(r => r.Path == "/v1/traces").Select(r => r.Body).ToList()),
            bodies => bodies.Any(b => b.Contains("/readyz")) && bodies.Any(b => b.Contains("postgresql")),
            TimeSpan.FromSeconds(30), "traces of GET /readyz and of its PostgreSQL command");
        Assert.Contains(traces, b => b.Contains("cameras")); // the service's name
        Assert.DoesNotContain(received, r => r.Path != "/v1/traces" && r.Path != "/v1/metrics");
    }
}
