using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.Evidence.Tests.Ledger;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Tests.Retention;

/// <summary>
/// The purge's part for live feeds: a feed ended longer ago than the retention period loses its officer and position
/// (row and personal parts, after one live.feed.purged event), once; a recent feed, or one whose assembled or matched
/// recording is held, keeps them; nothing erases a feed's part before its purge event.
/// </summary>
public sealed class FeedPurgeTests : IAsyncLifetime
{
    private LedgerHarness _ledger = null!;

    public async Task InitializeAsync() => _ledger = await LedgerHarness.CreateAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private RetentionPurge Purge() => new(_ledger.DataSource, _ledger.Store, _ledger.Ledger, recordingDays: 30);

    /// <summary>A feed ended <paramref name="daysAgo"/> days ago with its live.feed.started event, as ingest writes it.</summary>
    private async Task SeedAsync(string feed, int daysAgo)
    {
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("""
                INSERT INTO live_feeds (id, terminal, camera, officer, position, state, started_at, ended_at, end_reason)
                VALUES (@feed, 'phone-1', 'CAM-F', 'O-77', '45.76,4.83', 'ended', now() - make_interval(days => @daysAgo, mins => 5),
                        now() - make_interval(days => @daysAgo), 'end-of-list')
                """, new { feed, daysAgo });
        await _ledger.Ledger.RecordAsync(new CustodyRecord("live.feed.started", "feed", feed, null, new CustodyActor("phone-1", Roles.Terminal),
            new JsonObject { ["camera"] = "CAM-F" }, new PersonalPart(new JsonObject { ["officer"] = "O-77", ["position"] = "45.76,4.83" }, null)),
            null, CancellationToken.None);
    }

    /// <summary>A recording linked to <paramref name="feed"/> (assembled from it, or matched with it), under a legal hold.</summary>
    private async Task HoldLinkedAsync(string feed, bool assembled)
    {
        var id = Guid.NewGuid();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(id.ToByteArray()));
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(assembled
                ? "INSERT INTO recordings (id, sha256, size, storage_key, camera, recorded_at) VALUES (@id, @sha256, 1, 'x', 'CAM-F', now()); UPDATE live_feeds SET recording_id = @id WHERE id = @feed"
                : "INSERT INTO recordings (id, sha256, size, storage_key, camera, recorded_at) VALUES (@id, @sha256, 1, 'x', 'CAM-F', now()); INSERT INTO live_matches (feed_id, recording_id) VALUES (@feed, @id)",
                new { id, sha256, feed });
        var holds = new LegalHolds(_ledger.DataSource, _ledger.Ledger, new StoreRetention(_ledger.Store),
            new AccessLog(_ledger.Ledger, Options.Create(new EvidenceOptions()), TimeProvider.System), TimeProvider.System);
        await holds.PlaceAsync(id, "PV-F", new TracedModification.Stated(new CustodyActor("mag-1", Roles.Magistrate), "judiciaire", "kept for trial"), AccessScope.Everything, CancellationToken.None);
    }

    private async Task<(string? Officer, string? Position, bool PartErased)> StateAsync(string feed)
    {
        await using var connection = await _ledger.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string?, string?, bool)>("""
            SELECT f.officer, f.position, lp.erased_at IS NOT NULL FROM live_feeds f
            JOIN custody_events e ON e.subject_kind = 'feed' AND e.subject_id = f.id AND e.action = 'live.feed.started'
            JOIN ledger_personal lp ON lp.event_id = e.id WHERE f.id = @feed
            """, new { feed });
    }

    [Fact]
    public async Task Feeds_ended_a_month_ago_lose_their_officer_and_position_once_recent_and_held_ones_keep_them()
    {
        await SeedAsync("due", daysAgo: 40);
        await SeedAsync("recent", daysAgo: 2);
        await SeedAsync("assembled-held", daysAgo: 40);
        await SeedAsync("matched-held", daysAgo: 40);
        await HoldLinkedAsync("assembled-held", assembled: true);
        await HoldLinkedAsync("matched-held", assembled: false);

        var first = await Purge().PurgeFeedsAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var second = await Purge().PurgeFeedsAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(["due"], first);
        Assert.Empty(second);
        Assert.Equal((null, null, true), await StateAsync("due"));
        foreach (var kept in new[] { "recent", "assembled-held", "matched-held" })
            Assert.Equal(("O-77", "45.76,4.83", false), await StateAsync(kept));
        await _ledger.AppendAsync(0);
        var purged = Assert.Single((await _ledger.Reader.EventsAboutAsync("feed", "due", CancellationToken.None)).Select(e => e.Event),
            e => e.Action == RetentionPurge.FeedPurged);
        Assert.Contains("\"policy\":", purged.Details);
        Assert.Contains("\"camera\":\"CAM-F\"", purged.Details);
        var result = await _ledger.VerifyWithCliAsync();
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("1 events' personal data erased", result.Stdout);
    }

    [Fact]
    public async Task A_feeds_part_is_not_erased_before_its_purge_event()
    {
        await SeedAsync("early", daysAgo: 40);

        await using var connection = await _ledger.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await Assert.ThrowsAsync<PostgresException>(() => PersonalErasure.EraseForSubjectAsync(tx, "feed", "early", CancellationToken.None));
    }
}
