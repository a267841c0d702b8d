using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Xunit.Abstractions;

namespace Cameras.Tests.Hardening;

/// <summary>The dashboard's files under malformed requests: unknown names, traversal however it is spelled, control
/// characters in paths, queries and headers, wrong methods. Each gets its 4xx problem; nothing outside the shipped
/// files is ever served.</summary>
public sealed class StaticFileMalformedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("commandroom,evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Malformed_requests_for_files_get_a_problem_and_change_nothing()
    {
        var battery = new MalformedBattery(_server, output);
        await battery.RunAsync("static files", Rows(battery));
    }

    private static IEnumerable<MalformedRow> Rows(MalformedBattery b)
    {
        var get = HttpMethod.Get;
        yield return new("unknown file", 404, b.Http(null, get, "/app/nothing.js"));
        yield return new("the folder itself", 404, b.Http(null, get, "/app/"));
        yield return new("encoded traversal to the settings", 404, b.Raw(null, "GET", "/app/..%2F..%2Fappsettings.json"));
        yield return new("dot segments to the settings", 404, b.Raw(null, "GET", "/app/../../appsettings.json"));
        yield return new("encoded dot segments", 404, b.Raw(null, "GET", "/app/%2e%2e/%2e%2e/appsettings.json"));
        yield return new("backslash traversal", 404, b.Raw(null, "GET", "/app/assets/..%5C..%5Cappsettings.json"));
        yield return new("traversal to the system", 404, b.Raw(null, "GET", "/%2e%2e/%2e%2e/etc/passwd"));
        yield return new("traversal to the instance keys", 404, b.Raw(null, "GET", "/app/..%2F..%2Fkeys%2Ftoken.pem"));
        yield return new("resource name of the assembly", 404, b.Http(null, get, "/app/dashboard%2Fapp%2Flive.html"));
        yield return new("file name with U+0001", 400, b.Raw(null, "GET", "/app/live%01.html"));
        yield return new("file name with NUL", 400, b.Raw(null, "GET", "/app/live.html%00.js"), RefusedByKestrel: true);
        yield return new("query with NUL", 400, b.Http(null, get, "/app/live.html?v=%00"));
        yield return new("query with U+0001", 400, b.Http(null, get, "/?token=%01"));
        yield return new("header with U+0001", 400, b.Raw(null, "GET", "/app/live.html", [("X-Camera", "\u0001")]));
        yield return new("wrong method on a file", 405, b.Http(null, HttpMethod.Post, "/app/live.html"));
        yield return new("wrong method on the page", 405, b.Http(null, HttpMethod.Delete, "/"));
        yield return new("unknown page", 404, b.Http(null, get, "/index.html"));
        yield return new("unknown path with a token", 404, b.Http(Roles.Operator, get, "/app/assets/nothing.min.js"));
    }
}
