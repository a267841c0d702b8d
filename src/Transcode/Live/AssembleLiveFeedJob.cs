using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cameras.Evidence;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Storage;
using Cameras.Transcode.Ffmpeg;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Cameras.Transcode.Jobs;
using Hangfire;
using Npgsql;

namespace Cameras.Transcode.Live;

/// <summary>
/// Turns an ended feed's stored segments (init, then media in chain order) into one MP4 recording by remuxing
/// (<c>-c copy</c>, no re-encode), stores it under its SHA-256, registers it with the feed's camera and officer, and
/// ledgers <c>recording.assembled</c> with its lineage (every segment's hash). The new recording then goes through the
/// usual processing, and is matched with docked recordings of the same camera.
/// </summary>
public sealed partial class AssembleLiveFeedJob(
    NpgsqlDataSource dataSource, IObjectStore store, RecordingRegistry recordings, FfmpegTool ffmpeg, LiveMatcher matcher,
    IOptions<TranscodeOptions> options, ILogger<AssembleLiveFeedJob> logger)
{
    /// <summary>The field of recording.assembled's personal part.</summary>
    public const string Officer = "officer";

    private sealed record Feed(string Id, string? Camera, string? Officer, DateTime Started_At, Guid? Recording_Id, string Record);

    private sealed record Segment(int Seq, string Name, string Kind, string Sha256, string Storage_Key);

    // A dash push sends each stream (picture, sound) as its own file series (init-stream1…, chunk-stream1-…).
    [GeneratedRegex(@"stream(\d+)")]
    private static partial Regex StreamOf();

    /// <summary>The Hangfire job, retried with backoff (<see cref="JobRetries"/>) when it fails.</summary>
    [AutomaticRetry(Attempts = 0), RetryWithBackoff]
    [JobDisplayName("Assemble live feed {0}")]
    public async Task RunAsync(string feedId, JobRetries retries, CancellationToken cancellationToken)
    {
        using var timing = Cameras.Evidence.Telemetry.CamerasMetrics.TimeJob("live-assembly");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var feed = await connection.QuerySingleOrDefaultAsync<Feed>(new CommandDefinition(
            "SELECT id, camera, officer, started_at, recording_id, record FROM live_feeds WHERE id = @id AND state = 'ended'",
            new { id = feedId }, cancellationToken: cancellationToken));
        if (feed is null || feed.Recording_Id is not null) return;
        // Record=hashes or none (R241-4): nothing to assemble; a recording of the camera docked already is linked now.
        if (feed.Record != "full") { await matcher.MatchCameraAsync(feed.Camera, cancellationToken); return; }
        var segments = (await connection.QueryAsync<Segment>(new CommandDefinition(
            "SELECT seq, name, kind, sha256, storage_key FROM live_segments WHERE feed_id = @id ORDER BY seq",
            new { id = feedId }, cancellationToken: cancellationToken))).ToList();
        if (!segments.Any(s => s.Kind == "init") || !segments.Any(s => s.Kind == "media")) return;

        var scratch = Path.Combine(options.Value.ScratchPath ?? Path.GetTempPath(), "cameras-live-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(scratch);
        try
        {
            // One joined file per pushed stream (muxed picture and sound are one; a dash push's sound is another), each
            // remuxed in with its sound kept.
            var joinedFiles = new List<string>();
            var streams = segments.GroupBy(s => StreamOf().Match(s.Name) is { Success: true } m ? int.Parse(m.Groups[1].Value) : 0)
                .Where(g => g.Any(s => s.Kind == "init") && g.Any(s => s.Kind == "media")).OrderBy(g => g.Key).ToList();
            foreach (var stream in streams)
            {
                var joined = Path.Combine(scratch, $"joined-{stream.Key}.mp4");
                await using (var output = File.Create(joined))
                {
                    // The init first (ffmpeg's hls muxer pushes it after the first media segment), then the media in chain
                    // order; a restarted pusher sends a new init, and fMP4 takes one.
                    foreach (var segment in stream.Where(s => s.Kind == "init").Take(1).Concat(stream.Where(s => s.Kind == "media")))
                    {
                        await using var part = await store.OpenReadAsync(segment.Storage_Key, 0, null, cancellationToken);
                        await part.CopyToAsync(output, cancellationToken);
                    }
                }
                joinedFiles.Add(joined);
            }
            if (streams.Count == 0) return;
            var assembled = Path.Combine(scratch, "assembled.mp4");
            var ran = await ffmpeg.RunAsync(AssemblyCommand(joinedFiles, assembled), null, null, cancellationToken);
            await RegisterAsync(feed, segments, assembled, ran, cancellationToken);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The remux of the joined files (one per pushed stream: picture and sound muxed, or a dash push's sound apart) into
    /// one MP4: every stream of every input as it is (<c>-c copy</c>), the index at the front. The ledger records the
    /// arguments as they ran.
    /// </summary>
    public static FfmpegCommand AssemblyCommand(IReadOnlyList<string> joined, string assembled) =>
        new([.. joined.Select(file => new FfmpegInput([], file))],
            [.. Enumerable.Range(0, joined.Count).SelectMany(i => new[] { "-map", i.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
             "-c", "copy", "-movflags", "+faststart"], assembled);

    private async Task RegisterAsync(Feed feed, List<Segment> segments, string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (sha, size) = await StreamSha256.HashFileAsync(path, cancellationToken);
        var key = ObjectKeys.Original(sha);
        if (await store.GetInfoAsync(key, cancellationToken) is null)
        {
            await using var file = File.OpenRead(path);
            await store.PutAsync(key, file, cancellationToken);
        }
        var started = new DateTimeOffset(feed.Started_At, TimeSpan.Zero);
        var details = new JsonObject
        {
            ["feed"] = feed.Id, ["camera"] = feed.Camera, ["size"] = size,
            ["tool"] = await ffmpeg.VersionAsync(cancellationToken), ["arguments"] = new JsonArray([.. arguments.Select(a => (JsonNode?)a)]),
            ["lineage"] = new JsonArray([.. segments.Select(s => (JsonNode?)new JsonObject { ["seq"] = s.Seq, ["name"] = s.Name, ["sha256"] = s.Sha256 })]),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The lineage is ledgered even when these bytes were a recording already: it says which recording the feed became.
        var (id, _) = await recordings.RegisterAsync(transaction,
            new NewRecording(sha, size, $"live-{feed.Id}.mp4", feed.Camera, feed.Officer, started),
            // The officer goes with the images (R241-4): in the event's personal part, erased by the recording's purge.
            new RecordingOrigin("recording.assembled", CustodyActor.System, details, AlsoWhenKnown: true,
                Personal: new PersonalPart(new JsonObject { [Officer] = feed.Officer }, Until: null)), cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE live_feeds SET recording_id = @id WHERE id = @feed",
            new { id, feed = feed.Id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Live feed {Feed} assembled into recording {Recording} ({Segments} segments)", feed.Id, id, segments.Count);
        await matcher.MatchCameraAsync(feed.Camera, cancellationToken);
    }
}
