using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.TestSupport;

namespace Cameras.Tests.Workspace;

/// <summary>
/// Signing in with a real OpenID Connect provider (oidc-provider, started here): the workspace's code flow with PKCE
/// in Chromium, roles and names from the provider's claims (mapped by Cameras:Auth:Claims:*), sign-out at the
/// provider, renewal before expiry, a session that ends, an account without a role; and the API refusing the
/// provider's tokens for another audience or without a role.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class OidcSignInTests(OidcSignInTests.Peers peers) : IClassFixture<OidcSignInTests.Peers>
{
    // Short enough that a renewal and an ended session happen within the test, long enough for a sign-in on a loaded machine.
    private const int AccessTokenSeconds = 20;

    /// <summary>The provider and a server (command room and evidence) that trusts it, shared by the tests here.</summary>
    public sealed class Peers : IAsyncLifetime
    {
        public OidcProvider Provider { get; private set; } = null!;

        public TestServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var port = OidcProvider.ReservePort();
            Server = await TestServer.StartAsync(new ServerRoles(Ingest: false, Worker: false, CommandRoom: true, Evidence: true),
                OidcProvider.ServerSettings(port));
            Provider = await OidcProvider.StartAsync(port, Server.Address, AccessTokenSeconds);
        }

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            await Provider.DisposeAsync();
        }
    }

    private OidcProvider Provider => peers.Provider;

    private TestServer Server => peers.Server;

    [Fact]
    public async Task The_workspace_signs_in_with_the_provider_shows_who_renews_signs_out_and_ends_an_expired_session()
    {
        var steps = await WorkspaceServer.BrowseAsync("workspace-oidc.mjs", Server.Address.ToString());

        var operatorStep = steps["operator"];
        Assert.StartsWith(Provider.Issuer, operatorStep.GetProperty("loginAt").GetString()); // the provider's own login form
        Assert.Equal("Anne Dupont · opérateur", operatorStep.GetProperty("identity").GetString());
        Assert.Equal("M-1001 · brigadier · CIC Paris", operatorStep.GetProperty("title").GetString());
        Assert.Equal("/app/recordings.html", operatorStep.GetProperty("path").GetString());
        Assert.Equal("?camera=CAM-OIDC", operatorStep.GetProperty("search").GetString()); // back where the sign-in began
        Assert.Equal("cameras", operatorStep.GetProperty("audience").GetString());
        Assert.Contains("recordings", Sections(operatorStep));
        Assert.Contains("cases", Sections(operatorStep));
        Assert.DoesNotContain("packages", Sections(operatorStep));
        Assert.Equal("0 enregistrement(s)", operatorStep.GetProperty("count").GetString());

        var renewed = steps["renewed"];
        Assert.Equal(200, renewed.GetProperty("status").GetInt32());
        Assert.Equal("op-dupont", renewed.GetProperty("me").GetProperty("subject").GetString());
        Assert.True(renewed.GetProperty("renewedExp").GetInt64() > renewed.GetProperty("firstExp").GetInt64(), "the renewed token lives longer");
        Assert.Equal("/app/recordings.html", renewed.GetProperty("path").GetString()); // renewed in place, no redirect

        Assert.Equal("Anne Dupont · opérateur", steps["dashboard"].GetProperty("identity").GetString());
        Assert.Equal("Paul Bernard · administrateur", steps["dashboardSignIn"].GetProperty("identity").GetString());
        Assert.True(steps["dashboardSignIn"].GetProperty("jobs").GetBoolean(), "the admin's dashboard links the jobs");

        var signedOut = steps["signedout"];
        Assert.Equal("/app/signin.html", signedOut.GetProperty("path").GetString());
        Assert.Equal("Vous êtes déconnecté.", signedOut.GetProperty("notice").GetString());
        Assert.Equal(JsonValueKind.Null, signedOut.GetProperty("token").ValueKind);
        Assert.True(signedOut.GetProperty("loginFormAgain").GetBoolean(), "after sign-out the provider asks for the login again");

        var magistrate = steps["magistrate"];
        Assert.Equal("Claire Martin · magistrat", magistrate.GetProperty("identity").GetString());
        Assert.Contains("packages", Sections(magistrate));
        Assert.DoesNotContain("recordings", Sections(magistrate));
        Assert.DoesNotContain("cases", Sections(magistrate));
        var theirs = magistrate.GetProperty("recordings");
        Assert.Contains("n’est pas ouverte au rôle magistrat", theirs.GetProperty("notice").GetString());
        Assert.Equal(0, theirs.GetProperty("table").GetInt32());

        var ended = steps["ended"];
        Assert.Equal("Luc Lefebvre · opérateur", ended.GetProperty("before").GetProperty("identity").GetString());
        Assert.Equal("Votre session a pris fin : reconnectez-vous pour continuer.", ended.GetProperty("ended").GetProperty("notice").GetString());
        Assert.Equal("Non connecté", ended.GetProperty("ended").GetProperty("identity").GetString());
        Assert.Equal("/app/cases.html", ended.GetProperty("again").GetProperty("path").GetString());
        Assert.Equal("Luc Lefebvre · opérateur", ended.GetProperty("again").GetProperty("identity").GetString());

        var noRole = steps["norole"];
        Assert.Equal("/app/signin.html", noRole.GetProperty("path").GetString());
        Assert.Contains("carries no role (claim 'cameras_role'", noRole.GetProperty("why").GetString());
    }

    [Fact]
    public async Task Two_tabs_share_one_session_and_renew_it_one_at_a_time_so_a_rotated_refresh_token_is_never_presented_twice()
    {
        var steps = await WorkspaceServer.BrowseAsync("workspace-oidc-tabs.mjs", Server.Address.ToString());

        Assert.Equal("Anne Dupont · opérateur", steps["shared"].GetProperty("identity").GetString());
        Assert.Equal("/app/cases.html", steps["shared"].GetProperty("path").GetString()); // no login form in the second tab
        var together = steps["together"];
        // Both tabs checked the token at once (each renews on becoming visible when it is due)…
        Assert.Equal("visible visible", string.Join(' ', together.GetProperty("visibility").EnumerateArray().Select(v => v.GetString())));
        Assert.Equal(1, together.GetProperty("refreshes").GetInt32()); // due in both tabs at once: one asked the provider
        Assert.True(together.GetProperty("renewed").GetBoolean());
        foreach (var tab in new[] { "first", "second" })
        {
            Assert.Equal(200, together.GetProperty(tab).GetProperty("status").GetInt32());
            Assert.False(together.GetProperty(tab).GetProperty("expired").GetBoolean(), $"the {tab} tab's session ended");
            Assert.Equal(200, steps["later"].GetProperty(tab).GetProperty("status").GetInt32());
            Assert.False(steps["later"].GetProperty(tab).GetProperty("expired").GetBoolean(), $"the {tab} tab's session ended later");
        }
    }

    [Fact]
    public async Task The_provider_s_token_for_the_server_with_a_role_in_the_mapped_claim_opens_the_API()
    {
        var token = await Provider.ClientCredentialsTokenAsync("probe-operator", "urn:cameras");
        using var response = await SendAsync("/api/me", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("operator", me.GetProperty("role").GetString());
        Assert.Equal("probe-operator", me.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_provider_token_is_refused_once_the_servers_clock_is_half_a_minute_past_its_expiry()
    {
        // A server of its own on a clock the test moves, trusting the same provider.
        var clock = new MovableClock();
        await using var server = await TestServer.StartAsync(new ServerRoles(Ingest: false, Worker: false, CommandRoom: false, Evidence: true),
            OidcProvider.ServerSettings(new Uri(Provider.Issuer).Port), clock: clock);
        var token = await Provider.ClientCredentialsTokenAsync("probe-operator", "urn:cameras");
        async Task<HttpStatusCode> MeAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await server.Client.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await MeAsync());

        // Its lifetime and 31 s more: within IdentityModel's default five minutes of skew, past the 30 s allowed here.
        clock.Advance(TimeSpan.FromSeconds(AccessTokenSeconds + 31));

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync());
    }

    [Fact]
    public async Task A_provider_token_for_another_audience_is_401_problem()
    {
        var token = await Provider.ClientCredentialsTokenAsync("probe-operator", "urn:other");
        var (status, type, detail) = await ProblemAsync("/api/recordings", token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("another audience", detail);
        Assert.Contains("'cameras'", detail);
    }

    [Fact]
    public async Task A_provider_token_without_the_role_claim_is_401_problem_naming_the_claim()
    {
        var token = await Provider.ClientCredentialsTokenAsync("probe-norole", "urn:cameras");
        var (status, type, detail) = await ProblemAsync("/api/recordings", token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("no role (claim 'cameras_role', Cameras:Auth:Claims:Role)", detail);
    }

    [Fact]
    public async Task Instance_tokens_are_refused_once_a_provider_is_configured()
    {
        var (status, type, _) = await ProblemAsync("/api/recordings", Server.Token("operator"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", type);
    }

    [Fact]
    public async Task Pages_learn_how_to_sign_in_and_may_reach_the_provider_and_nothing_else()
    {
        var config = await Server.Client.GetFromJsonAsync<JsonElement>("/api/auth/config");
        Assert.Equal("oidc", config.GetProperty("mode").GetString());
        Assert.Equal(Provider.Issuer, config.GetProperty("authority").GetString());
        Assert.Equal(OidcProvider.ClientId, config.GetProperty("clientId").GetString());

        using var page = await Server.Client.GetAsync("/app/signin.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"connect-src 'self' ws://{Server.Address.Authority} wss://{Server.Address.Authority} {Provider.Issuer};", csp);
        Assert.Contains("script-src 'self';", csp); // still no inline script
    }

    private static string[] Sections(JsonElement step) => [.. step.GetProperty("sections").EnumerateArray().Select(s => s.GetString()!)];

    private async Task<HttpResponseMessage> SendAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Server.Client.SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, string? Type, string Detail)> ProblemAsync(string path, string token)
    {
        using var response = await SendAsync(path, token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body.GetProperty("detail").GetString() ?? "");
    }
}
