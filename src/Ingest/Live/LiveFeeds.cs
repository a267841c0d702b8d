using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Dapper;
using Npgsql;

namespace Cameras.Ingest.Live;

/// <summary>
/// Feed rows in PostgreSQL: the claim of a feed id by its first terminal, each stored segment chained to the previous
/// one's hash (the feed row is locked while a segment is added, so the chain has one order), and the end. Each change
/// writes its custody event and its NOTIFY in the same transaction.
/// </summary>
public sealed class LiveFeeds(NpgsqlDataSource dataSource, ICustodyLedger ledger)
{
    public sealed record Identity(string Terminal, string? Camera, string? Officer, string? Position, string Origin);

    public async Task<LiveClaim> ClaimAsync(string feed, Identity who, CustodyActor actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO live_feeds (id, terminal, camera, officer, position, origin) VALUES (@feed, @Terminal, @Camera, @Officer, @Position, @Origin)
            ON CONFLICT (id) DO NOTHING
            """, new { feed, who.Terminal, who.Camera, who.Officer, who.Position, who.Origin }, transaction, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            await ledger.RecordAsync(new CustodyRecord("live.feed.started", "feed", feed, null, actor, new JsonObject
            {
                ["terminal"] = who.Terminal, ["camera"] = who.Camera, ["officer"] = who.Officer, ["position"] = who.Position,
            }), transaction, cancellationToken);
            await NotifyAsync(connection, transaction, new LiveFeedEvent(LiveFeedEvent.Started, feed, who.Camera, who.Officer, who.Position, DateTimeOffset.UtcNow), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return LiveClaim.Started;
        }
        var row = await connection.QuerySingleAsync<(string Terminal, string State)>(new CommandDefinition(
            "SELECT terminal, state FROM live_feeds WHERE id = @feed", new { feed }, transaction, cancellationToken: cancellationToken));
        if (row.Terminal != who.Terminal) return LiveClaim.NotYours;
        if (row.State != "live") return LiveClaim.Ended;
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE live_feeds SET last_push_at = now(), position = coalesce(@Position, position), origin = @Origin WHERE id = @feed
            """, new { feed, who.Position, who.Origin }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return LiveClaim.Continued;
    }

    /// <summary>Records a stored segment as the next link of the feed's chain; returns the previous link's hash.</summary>
    public async Task<string?> ChainAsync(string feed, string name, string kind, string sha256, long size, string key, CustodyActor actor,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (segments, previous) = await connection.QuerySingleAsync<(int, string?)>(new CommandDefinition(
            "SELECT segments, last_sha256 FROM live_feeds WHERE id = @feed FOR UPDATE", new { feed }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO live_segments (feed_id, seq, name, kind, sha256, size, storage_key, previous_sha256)
            VALUES (@feed, @segments, @name, @kind, @sha256, @size, @key, @previous);
            UPDATE live_feeds SET segments = segments + 1, last_sha256 = @sha256, last_push_at = now() WHERE id = @feed;
            """, new { feed, segments, name, kind, sha256, size, key, previous }, transaction, cancellationToken: cancellationToken));
        await ledger.RecordAsync(new CustodyRecord("live.segment.stored", "feed", feed, sha256, actor, new JsonObject
        {
            ["seq"] = segments, ["name"] = name, ["kind"] = kind, ["size"] = size, ["previous_sha256"] = previous, ["storage_key"] = key,
        }), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return previous;
    }

    /// <summary>Ends a live feed; false when it had ended already (another node or request got there first).</summary>
    public async Task<bool> EndAsync(string feed, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string? Camera, string? Officer, string? Position, int Segments)?>(new CommandDefinition("""
            UPDATE live_feeds SET state = 'ended', ended_at = now(), end_reason = @reason WHERE id = @feed AND state = 'live'
            RETURNING camera, officer, position, segments
            """, new { feed, reason }, transaction, cancellationToken: cancellationToken));
        if (row is not { } ended) return false;
        await ledger.RecordAsync(new CustodyRecord("live.feed.ended", "feed", feed, null, CustodyActor.System, new JsonObject
        {
            ["reason"] = reason, ["segments"] = ended.Segments,
        }), transaction, cancellationToken);
        await NotifyAsync(connection, transaction, new LiveFeedEvent(LiveFeedEvent.Ended, feed, ended.Camera, ended.Officer, ended.Position, DateTimeOffset.UtcNow), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<string>> SilentAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM live_feeds WHERE state = 'live' AND last_push_at < now() - @timeout", new { timeout },
            cancellationToken: cancellationToken))).ToList();
    }

    private static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LiveFeedEvent change, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)",
            new { channel = LiveFeedEvent.Channel, payload = change.ToJson() }, transaction, cancellationToken: cancellationToken));
}
