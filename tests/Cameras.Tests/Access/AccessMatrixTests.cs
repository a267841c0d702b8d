using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cameras.Tests.Access;

/// <summary>
/// Every operation of the OpenAPI document of a running server × every identity a caller can come with: no token, a
/// garbage one, an expired one, one signed by another instance's key, and each role. Refusals are 401 (not signed in)
/// or 403 (role not admitted), as problem+json; an admitted role is never refused; nothing answers 5xx.
/// </summary>
public sealed class AccessMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private TestServer _server = null!;
    private string _foreignKeys = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _foreignKeys = Directory.CreateTempSubdirectory("cameras-foreign-keys-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_foreignKeys, recursive: true);
    }

    private sealed record Identity(string Name, string? Token, string? Role);

    private IReadOnlyList<Identity> Identities()
    {
        // Issued on a clock two hours behind the server's: expired there.
        var earlier = new MovableClock();
        earlier.Advance(TimeSpan.FromHours(-2));
        var issuer = new TokenIssuer(_server.Services.GetRequiredService<InstanceKeys>(), "cameras", earlier);
        var foreign = new TokenIssuer(new InstanceKeys(_foreignKeys), "cameras", TimeProvider.System);
        return
        [
            new("no token", null, null),
            new("garbage token", "garbage.not-a.token", null),
            new("expired admin", issuer.Issue(Roles.Admin, "matrix-expired", TimeSpan.FromMinutes(1)), null),
            new("foreign instance's admin", foreign.Issue(Roles.Admin, "matrix-foreign", TimeSpan.FromHours(1)), null),
            .. Roles.All.Select(role => new Identity(role, _server.Token(role, "matrix-" + role), role)),
        ];
    }

    [Fact]
    public async Task Every_operation_in_the_OpenAPI_document_has_a_row_and_every_row_an_operation()
    {
        var documented = (await OperationsAsync()).Select(o => o.Key).ToHashSet();

        var missing = documented.Except(AccessMatrix.Operations.Keys).Order().ToList();
        var stale = AccessMatrix.Operations.Keys.Except(documented).Order().ToList();

        Assert.True(missing.Count == 0, "Operations without a row in AccessMatrix (decide who they admit): " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Rows of AccessMatrix the OpenAPI document no longer has: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Each_identity_gets_what_the_matrix_says_on_every_operation_and_never_a_5xx()
    {
        var failures = new List<string>();
        var requests = 0;
        var identities = Identities();
        var targets = (await OperationsAsync())
            .Where(o => AccessMatrix.Operations.ContainsKey(o.Key))
            .Select(o => (o.Key, Rule: AccessMatrix.Operations[o.Key], Build: (Func<HttpRequestMessage>)(() => Request(o.Method, o.Path, o.Operation))))
            .Concat(AccessMatrix.Undocumented.Select(u => (u.Key, Rule: u.Value,
                Build: (Func<HttpRequestMessage>)(() => new HttpRequestMessage(new HttpMethod(u.Key.Split(' ')[0]), u.Key.Split(' ')[1])))))
            .ToList();
        foreach (var (key, rule, build) in targets)
        {
            foreach (var identity in identities)
            {
                using var request = build();
                if (identity.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", identity.Token);
                using var response = await _server.Client.SendAsync(request);
                requests++;
                if (Check(rule, identity, request.Method, response) is { } failure)
                    failures.Add($"{key} as {identity.Name}: {failure} ({await BodyAsync(response)})");
            }
        }
        output.WriteLine($"{targets.Count} operations × {identities.Count} identities: {requests} requests, {failures.Count} not as the matrix says");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task A_token_in_the_query_counts_only_where_the_matrix_allows_it()
    {
        var failures = new List<string>();
        foreach (var (key, method, path, operation) in await OperationsAsync())
        {
            if (!AccessMatrix.Operations.TryGetValue(key, out var rule) || rule.IsPublic) continue;
            using var request = Request(method, path, operation);
            var token = _server.Token(rule.Admitted[0], "matrix-query");
            var separator = request.RequestUri!.OriginalString.Contains('?') ? '&' : '?';
            request.RequestUri = new Uri(request.RequestUri.OriginalString + separator + QueryToken.Parameter + "=" + token, UriKind.Relative);
            using var response = await _server.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status >= 500) failures.Add($"{key}: {status}");
            else if (rule.QueryToken && status == 401) failures.Add($"{key}: the query token was refused ({await BodyAsync(response)})");
            else if (!rule.QueryToken && status != 401) failures.Add($"{key}: a query token was taken ({status})");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <returns>what is wrong with <paramref name="response"/>, or null</returns>
    private static string? Check(AccessMatrix.Rule rule, Identity identity, HttpMethod method, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status}, a server error";
        if (rule.IsPublic || identity.Role is not null && rule.Admitted.Contains(identity.Role))
            return status is 401 or 403 ? $"{status}, but it is admitted" : null;
        var expected = identity.Role is null ? 401 : 403;
        if (status != expected) return $"{status} instead of {expected}";
        // A HEAD answer has no body to carry the problem.
        if (method != HttpMethod.Head && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not problem+json";
        if (status == 401 && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer")) return "401 without WWW-Authenticate: Bearer";
        return null;
    }

    private async Task<List<(string Key, string Method, string Path, JsonObject Operation)>> OperationsAsync()
    {
        var document = JsonNode.Parse(await _server.Client.GetStringAsync("/openapi/v1.json"))!;
        var operations = new List<(string, string, string, JsonObject)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
                if (Methods.Contains(method))
                    operations.Add(($"{method.ToUpperInvariant()} {path}", method.ToUpperInvariant(), path, operation!.AsObject()));
        return operations;
    }

    /// <summary>The operation's request with a sample for each path parameter and required query parameter, and {} as a body.</summary>
    private static HttpRequestMessage Request(string method, string path, JsonObject operation)
    {
        var url = new StringBuilder(path);
        var query = new List<string>();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var name = parameter!["name"]!.GetValue<string>();
            var where = parameter["in"]!.GetValue<string>();
            var required = parameter["required"]?.GetValue<bool>() ?? false;
            if (where == "path" || where == "query" && required)
            {
                Assert.True(AccessMatrix.Samples.TryGetValue(name, out var sample), $"AccessMatrix.Samples needs a value for '{name}' ({method} {path})");
                if (where == "path") url.Replace("{" + name + "}", Uri.EscapeDataString(sample));
                else query.Add($"{name}={Uri.EscapeDataString(sample)}");
            }
        }
        if (query.Count > 0) url.Append('?').AppendJoin('&', query);
        var request = new HttpRequestMessage(new HttpMethod(method), url.ToString());
        if (operation["requestBody"] is not null) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return body.Length > 300 ? body[..300] + "…" : body;
    }
}
