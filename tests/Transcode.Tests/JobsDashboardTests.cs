using System.Net;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Transcode.Tests;

/// <summary>Hangfire's dashboard at /jobs: admins only, through the app's own tokens; others get problem+json.</summary>
public sealed class JobsDashboardTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Anonymous_is_401_and_an_operator_403_as_problem_json()
    {
        using var anonymous = await _server.Client.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bearer token", await DetailAsync(anonymous));

        using var operatorClient = _server.ClientFor(Roles.Operator, "op-jobs");
        using var forbidden = await operatorClient.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'operator'", await DetailAsync(forbidden));

        // Nor can the operator get in through the browser's sign-in link, nor by a cookie of its own making.
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Address };
        using var signin = await noRedirects.GetAsync($"/jobs/signin?access_token={_server.Token(Roles.Operator)}");
        Assert.Equal(HttpStatusCode.Forbidden, signin.StatusCode);
        Assert.False(signin.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task An_admin_bearer_token_opens_the_dashboard()
    {
        using var admin = _server.ClientFor(Roles.Admin, "admin-jobs");
        using var page = await admin.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Cameras — jobs", html);
        // The servers page shows this node's workers and the queues they serve, once its server has announced itself.
        await Polling.UntilAsync(async () =>
        {
            using var servers = await admin.GetAsync("/jobs/servers");
            Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
            var text = await servers.Content.ReadAsStringAsync();
            return text.Contains("recordings") && text.Contains("exports") ? text : null;
        }, TimeSpan.FromSeconds(30), "the jobs dashboard to list this node's queues");
    }

    [Fact]
    public async Task The_web_dashboards_link_signs_an_admin_in_with_a_cookie_kept_to_jobs()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = _server.Address,
        };
        using var signin = await browser.GetAsync($"/jobs/signin?access_token={_server.Token(Roles.Admin)}");
        Assert.Equal(HttpStatusCode.Redirect, signin.StatusCode);
        Assert.Equal("/jobs", signin.Headers.Location?.OriginalString);
        var cookie = Assert.Single(cookies.GetAllCookies());
        Assert.Equal("/jobs", cookie.Path);
        Assert.True(cookie.HttpOnly);

        using var page = await browser.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // The cookie is the dashboard's alone: the API does not take it.
        using var api = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString() ?? "";
    }
}
