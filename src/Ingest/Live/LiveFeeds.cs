using System.Text.Json;
using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Live;
using Dapper;
using Npgsql;

namespace Cameras.Ingest.Live;

/// <summary>
/// Feed rows in PostgreSQL. A feed starts with its first accepted segment (the row, its <c>live.feed.started</c> event
/// and its NOTIFY in one transaction, only once the segment has proved to be fMP4 of the allowed size): a refused push
/// leaves nothing. Each accepted segment is chained to the previous one's hash under the feed row's lock (one order),
/// with its custody event, unless the feed keeps nothing (<see cref="LiveRecord.None"/>). The end is recorded once.
/// </summary>
public sealed class LiveFeeds(NpgsqlDataSource dataSource, ICustodyLedger ledger, TimeProvider clock)
{
    /// <summary>The fields of live.feed.started's personal part.</summary>
    public const string Officer = "officer", Position = "position";

    public sealed record Identity(string Terminal, string? Camera, string? Officer, string? Position, string Origin, string Source);

    /// <summary>What a terminal may do with a feed id before it sends a byte: <see cref="LiveClaim.Started"/> means the id
    /// is free; <see cref="Record"/> is what the existing feed keeps; <see cref="Codecs"/> each stream's codecs so far.</summary>
    public sealed record State(LiveClaim Claim, LiveRecord Record, IReadOnlyDictionary<int, string> Codecs);

    /// <summary>One accepted segment: its hash (null when the feed keeps none), where it was stored (full only), and for an
    /// init the codecs of its stream.</summary>
    public sealed record Segment(string Name, int Stream, bool IsInit, string? Sha256, long Size, string? StorageKey, string? Codecs);

    public async Task<State> CheckAsync(string feed, string terminal, LiveRecord configured, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Terminal, string State, string Record, string Codecs)?>(new CommandDefinition(
            "SELECT terminal, state, record, codecs::text FROM live_feeds WHERE id = @feed", new { feed }, cancellationToken: cancellationToken));
        if (row is not { } existing) return new State(LiveClaim.Started, configured, new Dictionary<int, string>());
        var claim = existing.Terminal != terminal ? LiveClaim.NotYours : existing.State != "live" ? LiveClaim.Ended : LiveClaim.Continued;
        return new State(claim, Enum.Parse<LiveRecord>(existing.Record, ignoreCase: true), ParseCodecs(existing.Codecs));
    }

    /// <summary>Takes an accepted segment: starts the feed if it is its first, else checks again that it is still this
    /// terminal's live feed with the same codecs; chains it (unless the feed keeps nothing). Returns the claim and the
    /// previous link's hash.</summary>
    public async Task<(LiveClaim Claim, string? Previous)> AcceptAsync(string feed, Identity who, CustodyActor actor, LiveRecord configured,
        Segment segment, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO live_feeds (id, terminal, camera, officer, position, origin, source, record)
            VALUES (@feed, @Terminal, @Camera, @Officer, @Position, @Origin, @Source, @record)
            ON CONFLICT (id) DO NOTHING
            """, new { feed, who.Terminal, who.Camera, who.Officer, who.Position, who.Origin, who.Source, record = Name(configured) },
            transaction, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<(string Terminal, string State, string Record, string Codecs, int Segments, string? Last)>(
            new CommandDefinition("SELECT terminal, state, record, codecs::text, segments, last_sha256 FROM live_feeds WHERE id = @feed FOR UPDATE",
                new { feed }, transaction, cancellationToken: cancellationToken));
        if (row.Terminal != who.Terminal) return (LiveClaim.NotYours, null);
        if (row.State != "live") return (LiveClaim.Ended, null);
        if (segment is { IsInit: true, Codecs: { Length: > 0 } codecs } && ParseCodecs(row.Codecs).TryGetValue(segment.Stream, out var before)
            && Families(before) != Families(codecs)) return (LiveClaim.CodecsChanged, null);
        if (inserted == 1)
        {
            // The officer and position are personal data that end with the one-month retention (R241-4), as a docked
            // recording's officer and station: in the event's personal part, which the retention purge erases.
            await ledger.RecordAsync(new CustodyRecord("live.feed.started", "feed", feed, null, actor, new JsonObject
            {
                ["terminal"] = who.Terminal, ["camera"] = who.Camera, ["source"] = who.Source, ["record"] = Name(configured),
            }, new PersonalPart(new JsonObject { [Officer] = who.Officer, [Position] = who.Position }, Until: null)), transaction, cancellationToken);
            await NotifyAsync(connection, transaction, new LiveFeedEvent(LiveFeedEvent.Started, feed, who.Camera, who.Officer, who.Position,
                clock.GetUtcNow(), who.Source), cancellationToken);
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE live_feeds SET last_push_at = now(), position = coalesce(@Position, position), origin = @Origin,
                codecs = CASE WHEN @codecs IS NULL THEN codecs ELSE codecs || jsonb_build_object(@stream::text, @codecs) END
            WHERE id = @feed
            """, new { feed, who.Position, who.Origin, codecs = segment.IsInit && segment.Codecs is { Length: > 0 } ? segment.Codecs : null, stream = segment.Stream },
            transaction, cancellationToken: cancellationToken));
        string? previous = null;
        if (segment.Sha256 is { } sha && row.Record != Name(LiveRecord.None))
        {
            previous = row.Last;
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO live_segments (feed_id, seq, name, kind, sha256, size, storage_key, previous_sha256)
                VALUES (@feed, @seq, @Name, @kind, @sha, @Size, @StorageKey, @previous);
                UPDATE live_feeds SET segments = segments + 1, last_sha256 = @sha WHERE id = @feed;
                """, new { feed, seq = row.Segments, segment.Name, kind = segment.IsInit ? "init" : "media", sha, segment.Size, segment.StorageKey, previous },
                transaction, cancellationToken: cancellationToken));
            var details = new JsonObject
            {
                ["seq"] = row.Segments, ["name"] = segment.Name, ["kind"] = segment.IsInit ? "init" : "media", ["size"] = segment.Size,
                ["stream"] = segment.Stream, ["previous_sha256"] = previous,
            };
            if (segment.StorageKey is { } key) details["storage_key"] = key;
            // Stored (full) or only hashed (hashes, R241-4): the event says which, so the chain is read for what it is.
            await ledger.RecordAsync(new CustodyRecord(segment.StorageKey is null ? "live.segment.hashed" : "live.segment.stored", "feed", feed, sha,
                actor, details), transaction, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (inserted == 1 ? LiveClaim.Started : LiveClaim.Continued, previous);
    }

    /// <summary>Ends a live feed; false when it had ended already (another node or request got there first).</summary>
    public async Task<bool> EndAsync(string feed, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string? Camera, string? Officer, string? Position, int Segments, string Source)?>(new CommandDefinition("""
            UPDATE live_feeds SET state = 'ended', ended_at = now(), end_reason = @reason WHERE id = @feed AND state = 'live'
            RETURNING camera, officer, position, segments, source
            """, new { feed, reason }, transaction, cancellationToken: cancellationToken));
        if (row is not { } ended) return false;
        await ledger.RecordAsync(new CustodyRecord("live.feed.ended", "feed", feed, null, CustodyActor.System, new JsonObject
        {
            ["reason"] = reason, ["segments"] = ended.Segments,
        }), transaction, cancellationToken);
        await NotifyAsync(connection, transaction, new LiveFeedEvent(LiveFeedEvent.Ended, feed, ended.Camera, ended.Officer, ended.Position,
            clock.GetUtcNow(), ended.Source), cancellationToken);
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

    public static string Name(LiveRecord record) => record.ToString().ToLowerInvariant();

    /// <summary>Codec strings without profile and level, in order: what may not change within a feed's stream.</summary>
    public static string Families(string codecs) => string.Join(",", codecs.Split(',').Select(c =>
        c.StartsWith("mp4a.", StringComparison.Ordinal) || !c.Contains('.') ? c : c[..c.IndexOf('.')]));

    private static Dictionary<int, string> ParseCodecs(string json) =>
        (JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [])
            .Where(p => int.TryParse(p.Key, out _)).ToDictionary(p => int.Parse(p.Key), p => p.Value);

    private static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LiveFeedEvent change, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)",
            new { channel = LiveFeedEvent.Channel, payload = change.ToJson() }, transaction, cancellationToken: cancellationToken));
}
