using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.Evidence.Tests.Ledger;
using Cameras.TestSupport;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Tests.Retention;

/// <summary>
/// The purge's part for live feeds: a feed ended longer ago than the retention period loses its officer and position
/// (row and personal parts, after one live.feed.purged event), once; a recent feed, or one whose assembled or matched
/// recording is held, keeps them; nothing erases a feed's part before its purge event. A feed recorded in full
/// (Cameras:Live:Record=full) loses its stored segments with it, on the filesystem store and on S3 alike.
/// </summary>
public sealed class FeedPurgeTests : IAsyncLifetime
{
    private LedgerHarness _ledger = null!;

    public async Task InitializeAsync() => _ledger = await LedgerHarness.CreateAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private RetentionPurge Purge(IObjectStore? store = null) => new(_ledger.DataSource, store ?? _ledger.Store, _ledger.Ledger, recordingDays: 30);

    private static async Task<IObjectStore> StoreAsync(string kind, LedgerHarness ledger)
    {
        if (kind == "filesystem") return ledger.Store;
        var options = new S3StorageOptions
        {
            ServiceUrl = TestEnvironment.S3Url, Bucket = "feed-purge-" + Guid.NewGuid().ToString("n")[..12], AccessKey = "S3RVER", SecretKey = "S3RVER",
        };
        var s3 = new S3ObjectStore(S3ObjectStore.CreateClient(options), options);
        await s3.EnsureBucketAsync(CancellationToken.None);
        return s3;
    }

    /// <summary>Stores <paramref name="bytes"/> as a segment of <paramref name="feed"/> the way ingest does in full mode: object, then row.</summary>
    private async Task<string> StoreSegmentAsync(IObjectStore store, string feed, int seq, byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var key = $"live/{sha[..2]}/{sha}";
        if (await store.GetInfoAsync(key, CancellationToken.None) is null) await store.PutAsync(key, bytes, CancellationToken.None);
        await using var connection = await _ledger.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            UPDATE live_feeds SET record = 'full' WHERE id = @feed;
            INSERT INTO live_segments (feed_id, seq, name, kind, sha256, size, storage_key)
            VALUES (@feed, @seq, @name, CASE WHEN @seq = 0 THEN 'init' ELSE 'media' END, @sha, @size, @key)
            """, new { feed, seq, name = $"s{seq}.m4s", sha, size = (long)bytes.Length, key });
        return key;
    }

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

    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    public async Task A_feed_recorded_in_full_loses_its_stored_segments_with_it_but_not_bytes_another_kept_feed_stored(string kind)
    {
        var store = await StoreAsync(kind, _ledger);
        await SeedAsync("full-due", daysAgo: 40);
        await SeedAsync("full-recent", daysAgo: 2);
        var init = System.Security.Cryptography.RandomNumberGenerator.GetBytes(700); // the same init segment, pushed in both feeds
        var shared = await StoreSegmentAsync(store, "full-due", 0, init);
        var own = new[] { await StoreSegmentAsync(store, "full-due", 1, new byte[1000]), await StoreSegmentAsync(store, "full-due", 2, new byte[1300]) };
        await StoreSegmentAsync(store, "full-recent", 0, init);
        var kept = await StoreSegmentAsync(store, "full-recent", 1, new byte[900]);

        Assert.Equal(["full-due"], await Purge(store).PurgeFeedsAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        foreach (var key in own) Assert.Null(await store.GetInfoAsync(key, CancellationToken.None));
        Assert.NotNull(await store.GetInfoAsync(shared, CancellationToken.None));
        Assert.NotNull(await store.GetInfoAsync(kept, CancellationToken.None));
        await _ledger.AppendAsync(0);
        var purged = Assert.Single((await _ledger.Reader.EventsAboutAsync("feed", "full-due", CancellationToken.None)).Select(e => e.Event),
            e => e.Action == RetentionPurge.FeedPurged);
        var details = JsonNode.Parse(purged.Details)!;
        Assert.Equal((3, 3000L, 1), (details["segments"]!.GetValue<int>(), details["bytes"]!.GetValue<long>(), details["shared_kept"]!.GetValue<int>()));
        Assert.Equal("""["officer","position","segments"]""", details["erased"]!.ToJsonString());

        // The recent feed's turn comes: the init segment it shared goes with the last feed that stored it.
        Assert.Equal(["full-recent"], await Purge(store).PurgeFeedsAsync(DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None));
        Assert.Null(await store.GetInfoAsync(shared, CancellationToken.None));
        Assert.Null(await store.GetInfoAsync(kept, CancellationToken.None));
        await _ledger.AppendAsync(0);
        var result = await _ledger.VerifyWithCliAsync();
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Stored_segments_an_older_purge_left_are_deleted_on_the_next_run_once_with_one_event_counting_them()
    {
        // As a version before the purge deleted segments left it: the feed purged (its row and a live.feed.purged
        // without a segment count), its stored segments' objects still in the store.
        await SeedAsync("left-behind", daysAgo: 60);
        var left = new[]
        {
            await StoreSegmentAsync(_ledger.Store, "left-behind", 0, System.Security.Cryptography.RandomNumberGenerator.GetBytes(700)),
            await StoreSegmentAsync(_ledger.Store, "left-behind", 1, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1200)),
        };
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                "UPDATE live_feeds SET officer = NULL, position = NULL, purged_at = now() - interval '20 days' WHERE id = 'left-behind'");
        await _ledger.Ledger.RecordAsync(new CustodyRecord(RetentionPurge.FeedPurged, "feed", "left-behind", null, CustodyActor.System,
            new JsonObject { ["camera"] = "CAM-F", ["erased"] = new JsonArray("officer", "position") }), null, CancellationToken.None);
        // A feed this version purges has its segments deleted with it: the later pass leaves it alone.
        await SeedAsync("purged-now", daysAgo: 40);
        var now = await StoreSegmentAsync(_ledger.Store, "purged-now", 0, System.Security.Cryptography.RandomNumberGenerator.GetBytes(500));
        Assert.Equal(["purged-now"], await Purge().PurgeFeedsAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Null(await _ledger.Store.GetInfoAsync(now, CancellationToken.None));
        foreach (var key in left) Assert.NotNull(await _ledger.Store.GetInfoAsync(key, CancellationToken.None));

        var first = await Purge().PurgeLeftSegmentsAsync(CancellationToken.None);
        var second = await Purge().PurgeLeftSegmentsAsync(CancellationToken.None);

        Assert.Equal(["left-behind"], first);
        Assert.Empty(second);
        foreach (var key in left) Assert.Null(await _ledger.Store.GetInfoAsync(key, CancellationToken.None));
        await _ledger.AppendAsync(0);
        var deleted = Assert.Single((await _ledger.Reader.EventsAboutAsync("feed", "left-behind", CancellationToken.None)).Select(e => e.Event),
            e => e.Action == RetentionPurge.LeftSegmentsDeleted);
        var details = JsonNode.Parse(deleted.Details)!;
        Assert.Equal((2, 1900L), (details["segments"]!.GetValue<int>(), details["bytes"]!.GetValue<long>()));
        Assert.Contains("Cameras:Retention:RecordingDays", details["policy"]!.GetValue<string>());
        Assert.DoesNotContain((await _ledger.Reader.EventsAboutAsync("feed", "purged-now", CancellationToken.None)).Select(e => e.Event.Action),
            a => a == RetentionPurge.LeftSegmentsDeleted);
        // The hash chain stays: the segments' rows keep their hashes and keys.
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM live_segments WHERE feed_id = 'left-behind'"));
        var result = await _ledger.VerifyWithCliAsync();
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task A_feed_that_kept_no_images_gets_no_segment_count()
    {
        await SeedAsync("hashes-only", daysAgo: 40);
        await Purge().PurgeFeedsAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        await _ledger.AppendAsync(0);
        var purged = Assert.Single((await _ledger.Reader.EventsAboutAsync("feed", "hashes-only", CancellationToken.None)).Select(e => e.Event),
            e => e.Action == RetentionPurge.FeedPurged);
        Assert.DoesNotContain("\"segments\"", purged.Details);
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
