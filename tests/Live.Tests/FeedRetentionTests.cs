using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>
/// R241-4's one month for a live feed, as for a docked recording: the officer and position a terminal sent sit in the
/// personal part of <c>live.feed.started</c> (the officer in that of <c>recording.assembled</c>), not in their leaves,
/// and in <c>live_feeds</c>, until the retention purge, run a month after the feed ended (the server's clock moved, not
/// waited for), erases them; a feed whose assembled recording is held keeps them. The ledger still verifies and counts
/// the erased parts, and the register says « effacé ».
/// </summary>
public sealed class FeedRetentionTests
{
    private sealed record Personal(string? Fields, bool Erased, string Details);

    [Fact]
    public async Task A_month_after_the_feed_ended_its_officer_and_position_are_erased_unless_held_and_the_ledger_verifies()
    {
        var clock = new MovableClock();
        // Record=full: the feeds are assembled into recordings, whose recording.assembled names the officer.
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,worker,commandroom,evidence"),
            new Dictionary<string, string?> { ["Cameras:Live:Record"] = "full" }, clock: clock);
        // One with sound and one without: different bytes, so two assembled recordings (the same bytes are one recording).
        await PushAndEndAsync(server, "ret-due", "CAM-RET1", "O-5151", "45.7640,4.8357", sound: true);
        await PushAndEndAsync(server, "ret-held", "CAM-RET2", "O-6262", "48.8566,2.3522", sound: false);
        await using var db = new NpgsqlConnection(server.DatabaseConnectionString);
        var assembled = await AssembledAsync(db, "ret-due");
        var held = await AssembledAsync(db, "ret-held");
        // Once both are processed the worker writes no more events: the ledger verified below is not growing meanwhile.
        await Eventually.ThatAsync(() => db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM recordings WHERE id IN (@assembled, @held) AND status IN ('ready', 'unplayable')", new { assembled, held }),
            n => n == 2, TimeSpan.FromSeconds(120), "the assembled recordings processed");
        using var admin = server.ClientFor(Roles.Admin, "admin-ret");
        using (var hold = await admin.PostAsJsonAsync($"/api/recordings/{held}/holds", new { procedure = "PV-RET-1", reason = "instruction", motif = "judiciaire" }))
            Assert.Equal(HttpStatusCode.Created, hold.StatusCode);

        // Before the month is over the purge keeps everything, and the officer and position are in the parts, not the leaves.
        (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();
        var started = await PartAsync(db, "live.feed.started", "feed", "ret-due");
        Assert.False(started.Erased);
        Assert.Contains("O-5151", started.Fields);
        Assert.Contains("45.7640,4.8357", started.Fields);
        Assert.DoesNotContain("O-5151", started.Details);
        Assert.DoesNotContain("45.7640", started.Details);
        Assert.Contains("CAM-RET1", started.Details); // the camera is no personal data: it stays in the leaf
        var lineage = await PartAsync(db, "recording.assembled", "recording", assembled.ToString());
        Assert.Contains("O-5151", lineage.Fields);
        Assert.DoesNotContain("O-5151", lineage.Details);
        Assert.Equal(("O-5151", "45.7640,4.8357"), await ColumnsAsync(db, "ret-due"));
        Assert.All(await RegistreAsync(admin, "CAM-RET1", "collecte", e => e.Count == 2), e => Assert.False(e.GetProperty("erased").GetBoolean()));

        clock.Advance(TimeSpan.FromDays(31));
        // Tokens live on the server's clock: the admin's, issued a month earlier, has expired; a new one is today's.
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Token(Roles.Admin, "admin-ret"));
        (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();

        foreach (var part in new[] { await PartAsync(db, "live.feed.started", "feed", "ret-due"),
                     await PartAsync(db, "recording.assembled", "recording", assembled.ToString()) })
        {
            Assert.True(part.Erased);
            Assert.Null(part.Fields);
        }
        var (officer, position) = await ColumnsAsync(db, "ret-due");
        Assert.Null(officer);
        Assert.Null(position);
        Assert.Equal("purged", await db.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @assembled", new { assembled }));
        var collected = await RegistreAsync(admin, "CAM-RET1", "collecte", e => e.Count == 2);
        Assert.Equal(["live.feed.started", "recording.assembled"], collected.Select(e => e.GetProperty("action").GetString()).Order());
        Assert.All(collected, e => Assert.True(e.GetProperty("erased").GetBoolean()));
        await RegistreAsync(admin, "CAM-RET1", "effacement", e => e.Any(x => x.GetProperty("action").GetString() == "live.feed.purged"));
        var csv = await CsvAsync(admin, "/api/registre?camera=CAM-RET1&kind=collecte");
        Assert.Contains("effacées au terme de la durée de conservation", csv);
        Assert.DoesNotContain("O-5151", csv);

        // The feed whose assembled recording is held for a procedure keeps its officer and position, as the recording does.
        Assert.False((await PartAsync(db, "live.feed.started", "feed", "ret-held")).Erased);
        Assert.False((await PartAsync(db, "recording.assembled", "recording", held.ToString())).Erased);
        Assert.Equal(("O-6262", "48.8566,2.3522"), await ColumnsAsync(db, "ret-held"));

        await Eventually.ThatAsync(() => db.ExecuteScalarAsync<long>("SELECT count(*) FROM custody_events WHERE seq IS NULL"),
            n => n == 0, TimeSpan.FromSeconds(30), "every event sequenced");
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        var verify = await ExternalProcess.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "ledger", "verify", "--data", server.DataFolder],
            new Dictionary<string, string?> { ["Cameras__Postgres"] = server.DatabaseConnectionString, ["Cameras__PostgresApp"] = null });
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.Contains("2 events' personal data erased at the end of its term (effacé au terme de la durée de conservation)", verify.Stdout);
    }

    /// <summary>A terminal's push of a real init and media segment naming its camera, officer and position, then its end.</summary>
    private static async Task PushAndEndAsync(TestServer server, string feed, string camera, string officer, string position, bool sound)
    {
        var folder = await SoundPusher.FilesAsync(sound, seconds: 1);
        try
        {
            using var terminal = server.ClientFor(Roles.Terminal, "terminal-" + feed);
            foreach (var name in new[] { "init.mp4", "index0.m4s" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/live/{feed}/{name}")
                {
                    Content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(folder, name))),
                };
                request.Headers.Add("X-Camera", camera);
                request.Headers.Add("X-Officer", officer);
                request.Headers.Add("X-Position", position);
                Assert.Equal(HttpStatusCode.NoContent, (await terminal.SendAsync(request)).StatusCode);
            }
            Assert.Equal(HttpStatusCode.NoContent, (await terminal.PutAsync($"/live/{feed}/index.m3u8",
                new StringContent("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-ENDLIST\n"))).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Assert.Equal("ended", (await TerminalTestKit.FeedAsync(server, feed))!.State);
    }

    private static async Task<Guid> AssembledAsync(NpgsqlConnection db, string feed) =>
        (await Eventually.ThatAsync(() => db.ExecuteScalarAsync<Guid?>("SELECT recording_id FROM live_feeds WHERE id = @feed", new { feed }),
            r => r is not null, TimeSpan.FromSeconds(90), $"the recording assembled from {feed}"))!.Value;

    private static Task<Personal> PartAsync(NpgsqlConnection db, string action, string kind, string subject) => db.QuerySingleAsync<Personal>("""
        SELECT lp.fields, lp.erased_at IS NOT NULL AS erased, e.details FROM custody_events e JOIN ledger_personal lp ON lp.event_id = e.id
        WHERE e.action = @action AND e.subject_kind = @kind AND e.subject_id = @subject
        """, new { action, kind, subject });

    private static Task<(string? Officer, string? Position)> ColumnsAsync(NpgsqlConnection db, string feed) =>
        db.QuerySingleAsync<(string?, string?)>("SELECT officer, position FROM live_feeds WHERE id = @feed", new { feed });

    /// <summary>The register's entries of <paramref name="kind"/> for <paramref name="camera"/>, once they are as expected
    /// (an event is in the register once sequenced, shortly after it is written).</summary>
    private static Task<List<JsonElement>> RegistreAsync(HttpClient admin, string camera, string kind, Func<List<JsonElement>, bool> expected) =>
        Eventually.ThatAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/registre?camera={camera}&kind={kind}"))
                .GetProperty("entries").EnumerateArray().ToList(),
            expected, TimeSpan.FromSeconds(30), $"the register's {kind} entries for {camera}");

    private static async Task<string> CsvAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }
}
