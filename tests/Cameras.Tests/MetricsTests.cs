using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests;

/// <summary>
/// <c>/metrics</c>: Prometheus text for an admin token on the main port, and without a token on the metrics port
/// (Cameras:Metrics:Port), which serves nothing else; an upload moves the ingest meters while it streams.
/// Other tests of this assembly upload at the same time (the meters are per process), so figures are compared
/// as "at least".
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _scraper = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"), new Dictionary<string, string?>
        {
            ["Cameras:Metrics:Port"] = port.ToString(CultureInfo.InvariantCulture), ["Cameras:Metrics:Address"] = "127.0.0.1",
        });
        _scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        _scraper.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Operator, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Dock, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    public async Task On_the_main_port_metrics_are_for_admins(string? role, HttpStatusCode expected)
    {
        using var client = role is null ? new HttpClient { BaseAddress = _server.Address } : _server.ClientFor(role);
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode(); // a request done, so that its duration is measured
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
            Assert.Contains("http_server_request_duration_seconds", await response.Content.ReadAsStringAsync()); // ASP.NET Core's own
    }

    [Fact]
    public async Task The_metrics_port_serves_metrics_without_a_token_and_nothing_else()
    {
        await _server.Client.GetAsync("/healthz"); // a request for the ASP.NET Core meters to count
        using var metrics = await _scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("http_server_request_duration_seconds", await metrics.Content.ReadAsStringAsync());

        using var api = await _scraper.GetAsync("/api/recordings");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        using var health = await _scraper.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
    }

    [Fact]
    public async Task While_an_upload_streams_it_is_in_flight_and_its_bytes_are_counted()
    {
        var before = await ScrapeAsync();
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var body = new GatedStream(content, pauseAt: 2 * 1024 * 1024);
        using var dock = _server.ClientFor(Roles.Dock, "dock-metrics");
        var upload = dock.SendAsync(Creation(content, body));

        var during = await Eventually.ThatAsync(ScrapeAsync,
            m => Value(m, "cameras_ingest_uploads_in_flight") >= 1
                 && Value(m, "cameras_ingest_received_bytes_total") >= Value(before, "cameras_ingest_received_bytes_total") + 1024 * 1024,
            TimeSpan.FromSeconds(30), "the upload in flight and its first bytes counted");
        Assert.True(Value(during, "cameras_hash_hashed_bytes_total") >= 1024 * 1024);
        body.Release();
        using var response = await upload;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // The exporter may serve a scrape from its short cache: wait for one taken after the upload ended.
        var after = await Eventually.ThatAsync(ScrapeAsync,
            m => Value(m, "cameras_ingest_received_bytes_total") >= Value(before, "cameras_ingest_received_bytes_total") + content.Length,
            TimeSpan.FromSeconds(10), "every byte of the upload counted");
        Assert.True(Value(after, "cameras_hash_duration_seconds_total") > 0);
    }

    [Fact]
    public async Task A_worker_node_reports_the_depth_of_each_queue_under_the_queues_own_names()
    {
        await using var worker = await TestServer.StartAsync(ServerRoles.Parse("worker,evidence"));
        using var admin = worker.ClientFor(Roles.Admin);

        var metrics = await Eventually.ThatAsync(() => admin.GetStringAsync("/metrics"),
            m => m.Contains("cameras_jobs_queue_depth{"), TimeSpan.FromSeconds(30), "the queue depths sampled");

        var queues = Regex.Matches(metrics, @"^cameras_jobs_queue_depth\{[^}]*queue=""([^""]+)""", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Distinct().Order().ToList(); // hosts of one process share the meter
        Assert.Equal(["exports", "live", "recordings"], queues); // as Cameras:Transcode:Queues names them
    }

    private async Task<string> ScrapeAsync() => await _scraper.GetStringAsync("/metrics");

    /// <summary>The sum over its series of one metric in Prometheus text (0 when absent).</summary>
    private static double Value(string exposition, string name) =>
        Regex.Matches(exposition, $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    /// <summary>A tus creation-with-upload carrying the whole file, as a dock sends a small one.</summary>
    private static HttpRequestMessage Creation(byte[] content, Stream body)
    {
        static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var request = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads") { Content = new StreamContent(body) };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        request.Headers.Add("Upload-Length", content.Length.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Upload-Metadata",
            $"filename {B64("clip.mp4")},camera {B64("CAM-M")},officer {B64("officer-m")},recorded_at {B64("2026-11-20T08:15:00Z")},sha256 {B64(sha256)},offload {B64("off-metrics")}");
        request.Content.Headers.ContentType = new("application/offset+octet-stream");
        request.Content.Headers.ContentLength = content.Length;
        return request;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
