using System.Net.Http.Headers;
using System.Text;
using Cameras.TestSupport;
using Xunit.Abstractions;

namespace Cameras.Tests.Hardening;

/// <summary>One malformed request and the status it must get.</summary>
/// <param name="RefusedByKestrel">Kestrel itself refuses the request line or headers (a NUL in the path or in a
/// header) before any middleware runs: a bare 400 without a body, which the application cannot shape.</param>
public sealed record MalformedRow(string Name, int Status, Func<Task<Answer>> Send, bool RefusedByKestrel = false);

/// <summary>
/// Runs a surface's table of malformed requests against one server: each row must get its status with a problem
/// (type, title, detail) and leave what is stored (<see cref="StoredState"/>) as it was. Every row is tried even after
/// a failure, and the figure (tried, 4xx problem+json, 5xx, left something stored) is written to the test output.
/// </summary>
public sealed class MalformedBattery(TestServer server, ITestOutputHelper output)
{
    public const string FigureMarker = "malformed requests tried";

    public async Task RunAsync(string surface, IEnumerable<MalformedRow> rows)
    {
        int tried = 0, problems = 0, errors = 0, stored = 0, kestrel = 0;
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var before = await StoredState.CaptureAsync(server);
            Answer answer;
            try
            {
                answer = await row.Send();
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                answer = new Answer(0, null, e.Message, new Dictionary<string, string>());
            }
            var change = (await StoredState.CaptureAsync(server)).DifferenceFrom(before);
            var defect = row.RefusedByKestrel ? (answer.Body.Length == 0 ? null : "Kestrel was expected to refuse it bare") : answer.ProblemDefect();
            tried++;
            if (row.RefusedByKestrel && defect is null) kestrel++;
            else if (answer.Status is >= 400 and < 500 && defect is null) problems++;
            if (answer.Status >= 500) errors++;
            if (change.Length > 0) stored++;
            output.WriteLine($"{answer.Status} {row.Name}: {answer.Detail()}");
            if (answer.Status != row.Status || defect is not null || change.Length > 0)
                failures.Add($"{row.Name}: answered {answer.Status} (expected {row.Status})"
                    + (defect is null ? "" : $"; {defect}") + (change.Length == 0 ? "" : $"; stored: {change}") + $"; body: {answer.Body}");
        }
        output.WriteLine($"{surface}: {tried} {FigureMarker}, {problems} answered 4xx problem+json, {kestrel} refused by Kestrel before the "
            + $"application (bare 400), {errors} answered 5xx, {stored} left something stored");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} rows failed:\n" + string.Join("\n", failures));
    }

    /// <summary>A request through HttpClient, with a bearer token for <paramref name="role"/> (none when null) and
    /// <paramref name="subject"/> (the server's default test subject when null).</summary>
    public Func<Task<Answer>> Http(string? role, HttpMethod method, string target, HttpContent? content = null,
        Action<HttpRequestMessage>? configure = null, string? subject = null) => async () =>
    {
        using var client = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(method, target) { Content = content };
        if (role is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", subject is null ? server.Token(role) : server.Token(role, subject));
        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        return await Answer.FromAsync(response);
    };

    /// <summary>A JSON body sent as written (the malformed ones cannot be made by serializing an object).</summary>
    public Func<Task<Answer>> Json(string role, HttpMethod method, string target, string json, string contentType = "application/json") =>
        Http(role, method, target, new StringContent(json, Encoding.UTF8, contentType));

    /// <summary>A request sent byte for byte (<see cref="RawHttp"/>), with a bearer token for <paramref name="role"/>.</summary>
    public Func<Task<Answer>> Raw(string? role, string method, string target, IEnumerable<(string, string)>? headers = null, byte[]? body = null) =>
        () => RawHttp.SendAsync(server.Address, method, target,
            [.. role is null ? [] : new[] { ("Authorization", "Bearer " + server.Token(role)) }, .. headers ?? []], body);
}
