using System.Net;
using System.Text.RegularExpressions;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Hardening;

/// <summary>
/// The headers a browser needs, on pages, static files and API answers (successes and errors alike): a strict
/// Content-Security-Policy on pages (no inline script or style, never framed), no MIME sniffing, no referrer, and
/// nothing personal kept in a cache.
/// </summary>
public sealed partial class SecurityHeaderTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private Guid _recording;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(ServerRoles.Parse("evidence,commandroom,ingest"));
        _recording = (await SeededRecordings.SeedAsync(_server, size: 1000)).Id;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/app/cases.html")]
    [InlineData("/app/feed.html")]
    public async Task Pages_allow_only_their_own_scripts_and_styles_and_are_never_framed(string page)
    {
        using var response = await _server.Client.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'none'", policy["default-src"]);
        // What the players need: hls.js's worker and Media Source URLs, WebSockets back to this host.
        Assert.Contains("blob:", policy["worker-src"]);
        Assert.Contains("blob:", policy["media-src"]);
        Assert.Contains($"ws://{_server.Address.Authority}", policy["connect-src"]);
        Assert.DoesNotContain("unsafe", Header(response, "Content-Security-Policy"));
        AssertCommonHeaders(response);
    }

    [Fact]
    public async Task Static_files_are_not_sniffed_and_send_no_referrer()
    {
        // The files the home page loads (Vite names them by content hash): its module and its stylesheet.
        var page = await _server.Client.GetStringAsync("/");
        var files = new[] { (ScriptFile().Match(page), "text/javascript"), (StyleFile().Match(page), "text/css") };
        foreach (var (match, type) in files)
        {
            Assert.True(match.Success, page);
            using var response = await _server.Client.GetAsync(match.Groups[1].Value);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            AssertCommonHeaders(response);
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
            Assert.NotEqual("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    [Theory]
    [InlineData(Roles.Operator, "/api/recordings", 200)]
    [InlineData(Roles.Operator, "/api/recordings/{id}", 200)]
    [InlineData(Roles.Operator, "/api/recordings/{id}/media?reason=check&motif=administratif", 200)]
    [InlineData(Roles.Operator, "/api/recordings/{id}/custody?reason=check&motif=administratif", 200)]
    [InlineData(Roles.Operator, "/api/live/feeds", 200)]
    [InlineData(Roles.Operator, "/api/me", 200)]
    [InlineData(Roles.Operator, "/api/recordings/00000000-0000-0000-0000-000000000000", 404)]
    [InlineData(Roles.Operator, "/api/recordings?camera=%00", 400)]
    [InlineData(Roles.Operator, "/relay/none/index.m3u8", 404)]
    [InlineData(Roles.Dock, "/dock/offloads/none/receipt", 404)]
    [InlineData(Roles.Dock, "/api/recordings", 403)]
    [InlineData(null, "/api/recordings", 401)]
    [InlineData(null, "/api/nothing", 404)]
    [InlineData(null, "/dock/keys", 200)]
    public async Task Api_answers_are_never_stored_by_a_cache(string? role, string path, int status)
    {
        using var client = role is null ? new HttpClient { BaseAddress = _server.Address } : _server.ClientFor(role);
        using var response = await client.GetAsync(path.Replace("{id}", _recording.ToString()));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        AssertCommonHeaders(response);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public void The_dashboard_pages_hold_no_inline_script_or_style()
    {
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "src", "CommandRoom", "wwwroot");
        var pages = Directory.GetFiles(folder, "*.html", SearchOption.AllDirectories).Where(f => !f.Contains("/lib/")).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(StyleElement(), html);
            Assert.DoesNotMatch(StyleAttribute(), html);
            Assert.DoesNotMatch(EventAttribute(), html);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2)).ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<script type=""module""[^>]*\ssrc=""(/app/assets/[^""]+\.js)""")]
    private static partial Regex ScriptFile();

    [GeneratedRegex(@"<link rel=""stylesheet""[^>]*\shref=""(/app/assets/[^""]+\.css)""")]
    private static partial Regex StyleFile();

    [GeneratedRegex(@"<style[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttribute();
}
