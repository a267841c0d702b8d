using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Xunit.Abstractions;

namespace Cameras.Tests.Hardening;

/// <summary>
/// The evidence API (/api…) and the relay under malformed requests: control characters, overlong values, wrong
/// types, JSON of the wrong shape, unknown ids and routes, bad ranges, traversal in names. Each gets its 4xx problem
/// and changes nothing stored.
/// </summary>
public sealed class ApiMalformedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestServer _server = null!;
    private Guid _recording;

    // No worker: it would process the seeded recording and add rows while the rows are counted.
    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(ServerRoles.Parse("evidence,commandroom"));
        _recording = (await SeededRecordings.SeedAsync(_server, size: 1000)).Id;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Malformed_api_requests_get_a_problem_and_change_nothing()
    {
        var battery = new MalformedBattery(_server, output);
        await battery.RunAsync("api", Rows(battery));
    }

    private IEnumerable<MalformedRow> Rows(MalformedBattery b)
    {
        var r = _recording;
        var unknown = Guid.NewGuid();
        var get = HttpMethod.Get;
        var post = HttpMethod.Post;
        var op = Roles.Operator;
        var longId = new string('c', 201);
        var longText = new string('t', 1001);
        var stated = "\"motif\":\"judiciaire\",\"reason\":\"saisine\""; // a case opened with recordings states why (R241-5)
        var valid = $"\"recordings\": [\"{r}\"],{stated}";

        // Query strings: every filter of the search, and the reasons of media access.
        yield return new("search camera with NUL", 400, b.Http(op, get, "/api/recordings?camera=%00"));
        yield return new("search officer with U+0001", 400, b.Http(op, get, "/api/recordings?officer=a%01b"));
        yield return new("search camera with DEL", 400, b.Http(op, get, "/api/recordings?camera=a%7Fb"));
        yield return new("search status with NUL", 400, b.Http(op, get, "/api/recordings?status=re%00ady"));
        yield return new("search sha256 with NUL", 400, b.Http(op, get, "/api/recordings?sha256=%00"));
        yield return new("search with a NUL in a parameter name", 400, b.Http(op, get, "/api/recordings?ca%00mera=x"));
        yield return new("search camera overlong", 400, b.Http(op, get, "/api/recordings?camera=" + longId));
        yield return new("search limit not a number", 400, b.Http(op, get, "/api/recordings?limit=abc"));
        yield return new("search limit out of range", 400, b.Http(op, get, "/api/recordings?limit=0"));
        yield return new("search from not a date", 400, b.Http(op, get, "/api/recordings?from=yesterday"));
        yield return new("search sha256 not hex", 400, b.Http(op, get, "/api/recordings?sha256=xyz"));
        yield return new("search status unknown", 400, b.Http(op, get, "/api/recordings?status=lost"));
        yield return new("media reason with NUL", 400, b.Http(op, get, $"/api/recordings/{r}/media?reason=a%00b"));
        yield return new("media reason overlong", 400, b.Http(op, get, $"/api/recordings/{r}/media?reason=" + longText));
        yield return new("media X-Reason with U+0001", 400, b.Raw(op, "GET", $"/api/recordings/{r}/media", [("X-Reason", "a\u0001b")]));
        yield return new("media X-Reason with ESC", 400, b.Raw(op, "GET", $"/api/recordings/{r}/media", [("X-Reason", "\u001b[31mred")]));
        yield return new("media without a reason", 400, b.Http(op, get, $"/api/recordings/{r}/media"));
        yield return new("media Range past the end", 416, b.Http(op, get, $"/api/recordings/{r}/media?reason=check&motif=administratif",
            configure: m => m.Headers.TryAddWithoutValidation("Range", "bytes=5000-")));
        yield return new("media Range of zero suffix", 416, b.Http(op, get, $"/api/recordings/{r}/media?reason=check&motif=administratif",
            configure: m => m.Headers.TryAddWithoutValidation("Range", "bytes=-0")));
        yield return new("playback reason with NUL", 400, b.Http(op, get, $"/api/recordings/{r}/playback/index.m3u8?reason=%00"));
        yield return new("playback file traversal", 404, b.Raw(op, "GET", $"/api/recordings/{r}/playback/..%2F..%2Fkeys%2Ftoken.pem?reason=x&motif=administratif"));
        yield return new("thumbnail traversal", 404, b.Raw(op, "GET", $"/api/recordings/{r}/thumbnails/..%2F..%2F..%2Fetc%2Fpasswd?reason=x&motif=administratif"));
        yield return new("path with NUL", 400, b.Raw(op, "GET", "/api/recordings/%00"), RefusedByKestrel: true);

        // Unknown ids and routes.
        yield return new("recording id not a GUID", 404, b.Http(op, get, "/api/recordings/not-a-guid"));
        yield return new("recording traversal", 404, b.Raw(op, "GET", "/api/recordings/..%2F..%2Fledger%2Fcheckpoints"));
        yield return new("unknown recording", 404, b.Http(op, get, $"/api/recordings/{unknown}"));
        yield return new("unknown recording's media", 404, b.Http(op, get, $"/api/recordings/{unknown}/media?reason=check&motif=administratif"));
        yield return new("unknown recording's custody", 404, b.Http(op, get, $"/api/recordings/{unknown}/custody?reason=check&motif=administratif"));
        yield return new("unknown ledger event", 404, b.Http(op, get, "/api/ledger/events/987654321"));
        yield return new("ledger event not a number", 404, b.Http(op, get, "/api/ledger/events/abc"));
        yield return new("inclusion proof of nothing", 400, b.Http(op, get, "/api/ledger/proofs/inclusion?seq=abc"));
        yield return new("unknown export", 404, b.Http(op, get, $"/api/exports/{unknown}"));
        yield return new("retry of an unknown export", 404, b.Http(op, post, $"/api/exports/{unknown}/retry"));
        yield return new("unknown case", 404, b.Http(op, get, $"/api/cases/{unknown}"));
        yield return new("lifting an unknown hold", 404, b.Http(Roles.Admin, HttpMethod.Delete, $"/api/recordings/{r}/holds/{unknown}?reason=done&motif=judiciaire"));
        yield return new("lifting a hold, reason with NUL", 400, b.Http(Roles.Admin, HttpMethod.Delete, $"/api/recordings/{r}/holds/{unknown}?reason=%00"));
        yield return new("unknown route under /api", 404, b.Http(op, get, "/api/nothing-here"));
        yield return new("wrong method", 405, b.Http(op, HttpMethod.Patch, "/api/recordings"));
        yield return new("unknown relay feed playlist", 404, b.Http(op, get, "/relay/NO-SUCH-FEED/index.m3u8"));
        yield return new("unknown relay feed file", 404, b.Http(op, get, "/relay/NO-SUCH-FEED/seg1.m4s"));
        yield return new("relay feed traversal", 404, b.Raw(op, "GET", "/relay/..%2F..%2Fkeys/index.m3u8"));
        yield return new("relay reason with NUL", 400, b.Http(op, get, "/relay/NO-SUCH-FEED/index.m3u8?reason=%00"));

        // JSON bodies: cases.
        yield return new("case title with NUL", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1","title":"a\u0000b",{{valid}}}"""));
        yield return new("case procedure with BEL", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV\u0007","title":"t",{{valid}}}"""));
        yield return new("case camera with NUL", 400, b.Json(op, post, "/api/cases", """{"procedure":"PV-1","camera":"CAM\u0000"}"""));
        yield return new("case viewer with NUL", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1",{{valid}},"viewers":["mag\u0000"]}"""));
        yield return new("case title with a lone surrogate", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1","title":"\ud800",{{valid}}}"""));
        yield return new("case title overlong", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1","title":"{{longText}}",{{valid}}}"""));
        yield return new("case procedure overlong", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"{{longId}}",{{valid}}}"""));
        yield return new("case procedure a number", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":5,{{valid}}}"""));
        yield return new("case recordings not GUIDs", 400, b.Json(op, post, "/api/cases", """{"procedure":"PV-1","recordings":["../etc"]}"""));
        yield return new("case recordings an object", 400, b.Json(op, post, "/api/cases", """{"procedure":"PV-1","recordings":{"a":1}}"""));
        yield return new("case from not a date", 400, b.Json(op, post, "/api/cases", """{"procedure":"PV-1","camera":"CAM-7","from":"soon"}"""));
        yield return new("case body an array", 400, b.Json(op, post, "/api/cases", "[1,2,3]"));
        yield return new("case body not JSON", 400, b.Json(op, post, "/api/cases", "{procedure: PV-1"));
        yield return new("case body empty", 400, b.Json(op, post, "/api/cases", ""));
        yield return new("case body as text/plain", 415, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1",{{valid}}}""", "text/plain"));
        yield return new("case with an unknown recording", 404, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1","recordings":["{{unknown}}"],{{stated}}}"""));
        yield return new("case without a motif", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1","recordings":["{{r}}"],"reason":"saisine"}"""));
        yield return new("case without a reason", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1","recordings":["{{r}}"],"motif":"judiciaire"}"""));
        yield return new("case with a motif not in the list", 400, b.Json(op, post, "/api/cases", $$"""{"procedure":"PV-1","recordings":["{{r}}"],"motif":"curiosite","reason":"saisine"}"""));
        yield return new("case by camera without a motif", 400, b.Json(op, post, "/api/cases", """{"procedure":"PV-1","camera":"CAM-7","reason":"saisine"}"""));

        // JSON bodies: legal holds, exports, shares.
        var holds = $"/api/recordings/{r}/holds";
        yield return new("hold reason with NUL", 400, b.Json(Roles.Magistrate, post, holds, """{"procedure":"PV-1","reason":"trial\u0000"}"""));
        yield return new("hold procedure with U+001F", 400, b.Json(Roles.Magistrate, post, holds, """{"procedure":"PV\u001f1","reason":"trial"}"""));
        yield return new("hold reason overlong", 400, b.Json(Roles.Magistrate, post, holds, $$"""{"procedure":"PV-1","reason":"{{longText}}"}"""));
        yield return new("hold reason a boolean", 400, b.Json(Roles.Magistrate, post, holds, """{"procedure":"PV-1","reason":true}"""));
        yield return new("hold on an unknown recording", 404, b.Json(Roles.Magistrate, post, $"/api/recordings/{unknown}/holds", """{"procedure":"PV-1","reason":"trial","motif":"judiciaire"}"""));
        yield return new("correction officer with NUL", 400, b.Json(Roles.Supervisor, HttpMethod.Patch, $"/api/recordings/{r}",
            """{"officer":"O\u0000","motif":"judiciaire","reason":"erreur de dock"}"""));
        yield return new("correction officer a number", 400, b.Json(Roles.Supervisor, HttpMethod.Patch, $"/api/recordings/{r}",
            """{"officer":5,"motif":"judiciaire","reason":"erreur de dock"}"""));
        yield return new("correction of an unknown recording", 404, b.Json(Roles.Supervisor, HttpMethod.Patch, $"/api/recordings/{unknown}",
            """{"officer":"O-1","motif":"judiciaire","reason":"erreur de dock"}"""));
        yield return new("export reason with NUL", 400, b.Json(op, post, "/api/exports", $$"""{"procedure":"PV-1","reason":"court\u0000",{{valid}}}"""));
        yield return new("export procedure with ESC", 400, b.Json(op, post, "/api/exports", $$"""{"procedure":"\u001bPV","reason":"court",{{valid}}}"""));
        yield return new("export playback a string", 400, b.Json(op, post, "/api/exports", $$"""{"procedure":"PV-1","reason":"court","playback":"yes",{{valid}}}"""));
        yield return new("export of an unknown recording", 404, b.Json(op, post, "/api/exports", $$"""{"procedure":"PV-1","reason":"court","recordings":["{{unknown}}"]}"""));
        yield return new("share magistrate with NUL", 400, b.Json(op, post, $"/api/exports/{unknown}/shares", """{"magistrate":"mag\u0000"}"""));
        yield return new("share of an unknown export", 404, b.Json(op, post, $"/api/exports/{unknown}/shares", """{"magistrate":"mag-1"}"""));
    }
}
