using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests.Workspace;

/// <summary>The review API's rules, through real HTTP: filters, sorting and paging; bookmarks as custody events;
/// the timeline; case holds. Every refusal is problem+json naming what to fix, and stores nothing.</summary>
public sealed class ReviewApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Guid> SeedAsync(string camera, string officer, DateTimeOffset at, long size, double duration, string station = "ST-9")
    {
        var (id, _, _) = await SeededRecordings.SeedAsync(_server, size: (int)size);
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("""
            UPDATE recordings SET camera = @camera, officer = @officer, station = @station, recorded_at = @at,
                probe = jsonb_build_object('format', jsonb_build_object('duration', @duration::text)) WHERE id = @id
            """, connection);
        update.Parameters.AddWithValue("camera", camera);
        update.Parameters.AddWithValue("officer", officer);
        update.Parameters.AddWithValue("station", station);
        update.Parameters.AddWithValue("at", at.UtcDateTime);
        update.Parameters.AddWithValue("duration", duration.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture));
        update.Parameters.AddWithValue("id", id);
        await update.ExecuteNonQueryAsync();
        return id;
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Search_filters_sorts_and_pages_with_a_total()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await SeedAsync("CAM-S", i % 2 == 0 ? "OFF-EVEN" : "OFF-ODD", T0.AddMinutes(i), 1000 + i * 100, 10 * (5 - i)));
        await SeedAsync("CAM-OTHER", "OFF-EVEN", T0, 500, 3);
        using var op = _server.ClientFor(Roles.Operator);

        var page1 = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-S&pageSize=2");
        var page3 = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-S&pageSize=2&page=3");
        var bySize = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-S&sort=size&order=asc");
        var byDuration = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-S&sort=duration&order=asc");
        var even = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-S&officer=OFF-EVEN&from=2026-11-20T08:01:00Z");

        List<string?> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(5, page1.GetProperty("total").GetInt64());
        Assert.Equal([ids[4].ToString(), ids[3].ToString()], Ids(page1)); // newest first
        Assert.Equal([ids[0].ToString()], Ids(page3));
        Assert.Equal(ids.Select(i => (string?)i.ToString()), Ids(bySize));
        Assert.Equal(ids.AsEnumerable().Reverse().Select(i => (string?)i.ToString()), Ids(byDuration));
        Assert.Equal(10, byDuration.GetProperty("items")[0].GetProperty("durationSeconds").GetDouble());
        Assert.Equal([ids[4].ToString(), ids[2].ToString()], Ids(even));
    }

    [Fact]
    public async Task A_search_matching_more_than_ten_thousand_says_more_and_still_pages_to_the_end()
    {
        await using (var connection = new NpgsqlConnection(_server.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO recordings (id, sha256, size, storage_key, camera, station, recorded_at)
                SELECT gen_random_uuid(), encode(sha256(('many-' || i)::bytea), 'hex'), 1000, 'originals/none', 'CAM-MANY', 'ST-MANY',
                       timestamptz '2026-11-01 00:00Z' + i * interval '1 minute'
                FROM generate_series(1, 10020) AS i
                """, connection);
            await insert.ExecuteNonQueryAsync();
        }
        using var op = _server.ClientFor(Roles.Operator);

        var first = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-MANY&pageSize=50");
        var last = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-MANY&pageSize=50&page=201");
        var narrow = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?station=ST-MANY&from=2026-11-01T00:00:00Z&to=2026-11-01T01:00:00Z");

        Assert.True(first.GetProperty("more").GetBoolean());
        Assert.Equal(10_000, first.GetProperty("total").GetInt64());
        Assert.Equal(20, last.GetProperty("items").GetArrayLength()); // the 10,001st to the 10,020th
        Assert.False(narrow.GetProperty("more").GetBoolean());
        Assert.Equal(59, narrow.GetProperty("total").GetInt64()); // minutes 1 to 59 of the hour
    }

    [Theory]
    [InlineData("sort=name", "sort must be one of")]
    [InlineData("order=up", "order must be asc or desc")]
    [InlineData("page=0", "page counts from 1")]
    [InlineData("pageSize=500", "pageSize must be between 1 and 200")]
    [InlineData("status=lost", "status must be one of")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from must not be after to")]
    public async Task A_bad_search_is_400_saying_what_to_fix(string query, string detail)
    {
        using var op = _server.ClientFor(Roles.Operator);
        using var response = await op.GetAsync($"/api/recordings/search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bad-search", problem.GetProperty("code").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_officer_searches_only_their_own_recordings_whatever_officer_they_ask_for()
    {
        await SeedAsync("CAM-O", "OFF-A", T0, 100, 5);
        await SeedAsync("CAM-O", "OFF-B", T0, 200, 5);
        using var officer = _server.ClientFor(Roles.Officer, "OFF-A");
        var page = await officer.GetFromJsonAsync<JsonElement>("/api/recordings/search?camera=CAM-O&officer=OFF-B");
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        Assert.Equal("OFF-A", page.GetProperty("items")[0].GetProperty("officer").GetString());
        using var dock = _server.ClientFor(Roles.Dock);
        Assert.Equal(HttpStatusCode.Forbidden, (await dock.GetAsync("/api/recordings/search")).StatusCode);
    }

    [Fact]
    public async Task A_bookmark_is_a_custody_event_listed_and_found_by_its_text()
    {
        var id = await SeedAsync("CAM-B", "OFF-B", T0, 100, 60);
        await SeedAsync("CAM-B", "OFF-B", T0.AddMinutes(2), 200, 60);
        using var op = _server.ClientFor(Roles.Operator, "op-b");

        using var created = await op.PostAsJsonAsync($"/api/recordings/{id}/bookmarks", new { at = 12.5, until = 20.0, note = "le suspect sort 100%_", motif = "judiciaire" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await op.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}/bookmarks");
        Assert.Equal(12.5, list[0].GetProperty("atSeconds").GetDouble());
        Assert.Equal(20.0, list[0].GetProperty("untilSeconds").GetDouble());
        var found = await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?bookmark=SUSPECT%20sort%20100%25_");
        Assert.Equal([id.ToString()], found.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(0, (await op.GetFromJsonAsync<JsonElement>("/api/recordings/search?bookmark=s%25t")).GetProperty("total").GetInt64());
        var custody = await _server.CustodyAsync(id);
        var e = custody.GetProperty("events").EnumerateArray().Single().GetProperty("event");
        Assert.Equal("bookmark.added", e.GetProperty("action").GetString());
        Assert.Equal("op-b", e.GetProperty("actorSubject").GetString());
        Assert.Equal("12.5", e.GetProperty("details").GetProperty("at_seconds").GetString());
    }

    [Theory]
    [InlineData("""{"at":1,"motif":"judiciaire"}""", "needs a note")]
    [InlineData("""{"note":"x","motif":"judiciaire"}""", "at must be")]
    [InlineData("""{"at":-1,"note":"x","motif":"judiciaire"}""", "at must be")]
    [InlineData("""{"at":5,"until":4,"note":"x","motif":"judiciaire"}""", "until, when given, must come after at")]
    [InlineData("""{"at":61,"note":"x","motif":"judiciaire"}""", "lasts 60 s")]
    [InlineData("""{"at":1,"note":"x"}""", "Give the motif of this modification")]
    [InlineData("""{"at":1,"note":"x","motif":"curiosité"}""", "motif must be one of")]
    public async Task A_bad_bookmark_is_400_and_nothing_is_stored(string body, string detail)
    {
        var id = await SeedAsync("CAM-BB", "OFF-B", T0, 100, 60);
        using var op = _server.ClientFor(Roles.Operator);
        using var response = await op.PostAsync($"/api/recordings/{id}/bookmarks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(0, (await op.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}/bookmarks")).GetArrayLength());
        Assert.Equal(0, (await _server.CustodyAsync(id)).GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task The_timeline_has_one_row_per_camera_with_the_recordings_overlapping_the_window()
    {
        var before = await SeedAsync("CAM-TA", "OFF-T", T0.AddMinutes(-30), 100, 40 * 60); // runs into the window
        var inside = await SeedAsync("CAM-TB", "OFF-T", T0.AddMinutes(10), 200, 60);
        await SeedAsync("CAM-TA", "OFF-T", T0.AddMinutes(-60), 300, 60); // over before the window opens
        using var op = _server.ClientFor(Roles.Operator);

        var timeline = await op.GetFromJsonAsync<JsonElement>("/api/timeline?from=2026-11-20T08:00:00Z&to=2026-11-20T09:00:00Z");

        var rows = timeline.GetProperty("cameras").EnumerateArray().ToDictionary(r => r.GetProperty("camera").GetString()!,
            r => r.GetProperty("recordings").EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToList());
        Assert.Equal([before.ToString()], rows["CAM-TA"]);
        Assert.Equal([inside.ToString()], rows["CAM-TB"]);
        using var bad = await op.GetAsync("/api/timeline?from=2026-11-20T08:00:00Z&to=2026-12-20T09:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("at most 7 days", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_case_gets_recordings_added_held_and_released_with_reasons()
    {
        var a = await SeedAsync("CAM-C", "OFF-C", T0, 100, 5);
        var b = await SeedAsync("CAM-C", "OFF-C", T0.AddMinutes(1), 200, 5);
        using var op = _server.ClientFor(Roles.Operator, "op-c");
        var created = await (await op.PostAsJsonAsync("/api/cases", new { procedure = "PV-2026-77", title = "Vol", service = "BSU", recordings = new[] { a }, motif = "judiciaire", reason = "plainte" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        using var noMotif = await op.PostAsJsonAsync($"/api/cases/{id}/recordings", new { recordings = new[] { b, a }, reason = "même intervention" });
        Assert.Equal(HttpStatusCode.BadRequest, noMotif.StatusCode);
        var added = await (await op.PostAsJsonAsync($"/api/cases/{id}/recordings",
            new { recordings = new[] { b, a }, motif = "judiciaire", reason = "même intervention" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, added.GetProperty("recordings").GetArrayLength());
        using var noReason = await op.PostAsJsonAsync($"/api/cases/{id}/holds", new { reason = " ", motif = "judiciaire" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var noHoldMotif = await op.PostAsJsonAsync($"/api/cases/{id}/holds", new { reason = "enquête" });
        Assert.Equal(HttpStatusCode.BadRequest, noHoldMotif.StatusCode);
        Assert.Equal(0, (await op.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/holds")).GetArrayLength());
        var held = await (await op.PostAsJsonAsync($"/api/cases/{id}/holds", new { reason = "enquête", motif = "judiciaire" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(held.EnumerateArray(), h => Assert.Equal(("enquête", "judiciaire"), (h.GetProperty("reason").GetString(), h.GetProperty("motif").GetString())));
        Assert.Equal(2, held.EnumerateArray().Count(h => h.GetProperty("liftedAt").ValueKind == JsonValueKind.Null));
        var summary = (await op.GetFromJsonAsync<JsonElement>("/api/cases/summary")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal(("BSU", 2, 2), (summary.GetProperty("service").GetString(), summary.GetProperty("recordings").GetInt32(), summary.GetProperty("heldRecordings").GetInt32()));
        using var liftNoMotif = await op.DeleteAsync($"/api/cases/{id}/holds?reason=classement");
        Assert.Equal(HttpStatusCode.BadRequest, liftNoMotif.StatusCode);
        var lifted = await (await op.DeleteAsync($"/api/cases/{id}/holds?reason=classement&motif=judiciaire")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(lifted.EnumerateArray(), h => Assert.Equal("classement", h.GetProperty("liftReason").GetString()));
        using var again = await op.DeleteAsync($"/api/cases/{id}/holds?reason=classement&motif=judiciaire");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var unknown = await op.PostAsJsonAsync($"/api/cases/{id}/recordings",
            new { recordings = new[] { Guid.NewGuid() }, motif = "judiciaire", reason = "r" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
