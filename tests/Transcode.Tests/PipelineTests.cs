using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Transcode.Tests;

/// <summary>Recordings through the whole pipeline on one node running every role, with the real ffmpeg.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private readonly DirectoryInfo _media = Directory.CreateTempSubdirectory("cameras-media-");
    private TestServer _server = null!;
    private HttpClient _operator = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["Cameras:Transcode:SweepSeconds"] = "2",
            ["Cameras:Transcode:ThumbnailEverySeconds"] = "1",
        });
        _operator = _server.ClientFor(Roles.Operator, "op-1");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _media.Delete(recursive: true);
    }

    private Task<(Guid Id, string Sha256)> SeedAsync(string file, Action<string>? beforeRegistering = null) =>
        RecordingSeeder.SeedAsync(_server.Services.GetRequiredService<IObjectStore>(), _server.DatabaseConnectionString, file,
            beforeRegistering: beforeRegistering);

    private async Task<JsonElement> WaitForStatusAsync(Guid id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var recording = await _operator.GetFromJsonAsync<JsonElement>($"/api/recordings/{id}");
            if (statuses.Contains(recording.GetProperty("status").GetString())) return recording;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"recording {id} is still {recording.GetProperty("status")}, not {string.Join(" or ", statuses)}: {recording}");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task An_H264_AAC_clip_becomes_playable_with_probe_thumbnails_and_lineage()
    {
        var clip = await TestMedia.H264Async(_media.FullName, seconds: 4, size: "320x240");
        var (id, sha) = await SeedAsync(clip);

        var recording = await WaitForStatusAsync(id, "ready", "unplayable", "quarantined");
        Assert.Equal("ready", recording.GetProperty("status").GetString());
        var probe = recording.GetProperty("probe");
        Assert.Equal("h264", probe.GetProperty("streams").EnumerateArray().First(s => s.GetProperty("codec_type").GetString() == "video")
            .GetProperty("codec_name").GetString());
        Assert.All(recording.GetProperty("jobs").EnumerateArray(), job => Assert.Equal("done", job.GetProperty("state").GetString()));
        Assert.Equal(["proxy", "thumbnails"], recording.GetProperty("derivatives").EnumerateArray().Select(d => d.GetString()));

        // The proxy plays: ffprobe reads the playlist over HTTP, as a player would.
        var token = _server.Token(Roles.Operator, "op-1");
        var url = new Uri(_server.Address, $"/api/recordings/{id}/playback/index.m3u8?reason=review&motif=judiciaire&access_token={token}");
        var played = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url.ToString()]);
        Assert.Equal(0, played.ExitCode);
        Assert.Contains("h264", played.Stdout);

        // Thumbnails are pictures of the recording: without a motif they are refused, and that refusal logs nothing.
        var refused = await _operator.GetAsync($"/api/recordings/{id}/thumbnails/poster.jpg?reason=aperçu");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("motif-required", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(1, (await CustodyEventsAsync(id)).Count(e => e.Action == "recording.viewed")); // the playlist's
        var thumbnails = $"?reason={Uri.EscapeDataString("aperçu de la recherche")}&motif=pedagogique";
        var poster = await _operator.GetAsync($"/api/recordings/{id}/thumbnails/poster.jpg{thumbnails}");
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, (await poster.Content.ReadAsByteArrayAsync())[..2]);
        Assert.Equal(HttpStatusCode.OK, (await _operator.GetAsync($"/api/recordings/{id}/thumbnails/strip_001.jpg{thumbnails}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _operator.GetAsync($"/api/recordings/{id}/thumbnails/poster.jpg{thumbnails}")).StatusCode);

        var events = await CustodyEventsAsync(id);
        Assert.Contains("recording.probed", events.Select(e => e.Action));
        Assert.Contains("recording.verified", events.Select(e => e.Action));
        var proxy = events.Single(e => e.Action == "derivative.created" && e.Details.GetProperty("kind").GetString() == "proxy");
        Assert.Equal(sha, proxy.Details.GetProperty("parent_sha256").GetString());
        Assert.StartsWith("ffmpeg version", proxy.Details.GetProperty("tool_version").GetString());
        var command = proxy.Details.GetProperty("commands")[0].EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("copy", command); // remuxed, not re-encoded
        Assert.All(proxy.Details.GetProperty("files").EnumerateArray(), f => Assert.Matches("^[0-9a-f]{64}$", f.GetProperty("sha256").GetString()));
        // One consultation for the playlist, one for the thumbnails (poster, strip, poster again: one within ten minutes).
        var viewed = events.Where(e => e.Action == "recording.viewed").ToList();
        Assert.Equal(["review", "aperçu de la recherche"], viewed.Select(v => v.Personal.GetProperty("reason").GetString()));
        Assert.Equal(["judiciaire", "pedagogique"], viewed.Select(v => v.Details.GetProperty("motif").GetString()));
    }

    [Fact]
    public async Task A_clip_of_fractional_duration_is_probed_into_the_ledger_and_becomes_ready()
    {
        // Real recordings last a fraction of a second more or less than whole seconds (here 2.5 s, AAC priming aside).
        var whole = await TestMedia.H264Async(_media.FullName, seconds: 3, name: "whole.mp4");
        var clip = Path.Combine(_media.FullName, "fraction.mp4");
        var cut = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", whole, "-t", "2.5", "-c", "copy", clip]);
        Assert.Equal(0, cut.ExitCode);
        var (id, _) = await SeedAsync(clip);

        var recording = await WaitForStatusAsync(id, "ready", "unplayable", "quarantined");
        Assert.Equal("ready", recording.GetProperty("status").GetString());
        var duration = double.Parse(recording.GetProperty("probe").GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        Assert.NotEqual(Math.Truncate(duration), duration);
        var probed = (await CustodyEventsAsync(id)).Single(e => e.Action == "recording.probed");
        Assert.Equal(duration, double.Parse(probed.Details.GetProperty("duration_seconds").GetString()!, CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public async Task Every_stored_derived_file_has_the_size_and_SHA_256_its_lineage_records()
    {
        // 20 s in 6 s segments: several segments, each hashed while ffmpeg was writing the next, then stored by rename.
        var (id, _) = await SeedAsync(await TestMedia.H264Async(_media.FullName, seconds: 20, name: "segments.mp4"));
        await WaitForStatusAsync(id, "ready");

        var store = _server.Services.GetRequiredService<IObjectStore>();
        var files = (await CustodyEventsAsync(id)).Where(e => e.Action == "derivative.created")
            .SelectMany(e => e.Details.GetProperty("files").EnumerateArray()).ToList();
        Assert.True(files.Count(f => f.GetProperty("name").GetString()!.EndsWith(".m4s", StringComparison.Ordinal)) >= 3);
        foreach (var file in files)
        {
            var key = file.GetProperty("key").GetString()!;
            await using var stream = await store.OpenReadAsync(key, 0, null, CancellationToken.None);
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
            Assert.Equal(file.GetProperty("size").GetInt64(), (await store.GetInfoAsync(key, CancellationToken.None))!.Size);
        }
    }

    [Fact]
    public async Task Playback_without_a_reason_is_refused_and_not_logged()
    {
        var (id, _) = await SeedAsync(await TestMedia.H264Async(_media.FullName, seconds: 2, name: "short.mp4"));
        await WaitForStatusAsync(id, "ready");

        var response = await _operator.GetAsync($"/api/recordings/{id}/playback/index.m3u8");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("recording.viewed", (await CustodyEventsAsync(id)).Select(e => e.Action));
    }

    /// <summary>
    /// The segments are the recording's frames: a segment URI without the playlist's reason and motif (copied out of it,
    /// or guessed) is refused as the playlist would be, and nothing is logged; the playlist writes the reason and motif
    /// into each URI it lists, even when they came as headers, and fetching segments adds no consultation to its one.
    /// </summary>
    [Fact]
    public async Task A_segment_without_a_motif_is_400_the_playlists_segments_carry_it_count_within_its_consultation_and_go_with_the_purge()
    {
        var (id, _) = await SeedAsync(await TestMedia.H264Async(_media.FullName, seconds: 2, name: "segments.mp4"));
        await WaitForStatusAsync(id, "ready");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/{id}/playback/index.m3u8");
        request.Headers.Add("X-Reason", "controle");
        request.Headers.Add("X-Motif", "administratif");
        using var listed = await _operator.SendAsync(request);
        listed.EnsureSuccessStatusCode();
        var lines = (await listed.Content.ReadAsStringAsync()).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var segment = lines.First(l => l.Length > 0 && !l.StartsWith('#'));
        var init = System.Text.RegularExpressions.Regex.Match(string.Join('\n', lines), "#EXT-X-MAP:URI=\"([^\"]+)\"").Groups[1].Value;

        foreach (var uri in new[] { segment, init })
        {
            Assert.Contains("reason=controle", uri);
            Assert.Contains("motif=administratif", uri);
            var bare = uri[..uri.IndexOf('?')];
            foreach (var refusedQuery in new[] { "", "?reason=controle", "?reason=controle&motif=curiosite" })
            {
                using var refused = await _operator.GetAsync($"/api/recordings/{id}/playback/{bare}{refusedQuery}");
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                var code = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
                Assert.Equal(refusedQuery.Length == 0 ? "reason-required" : "motif-required", code);
            }
            using var served = await _operator.GetAsync($"/api/recordings/{id}/playback/{uri}");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.True((await served.Content.ReadAsByteArrayAsync()).Length > 0);
        }
        var viewed = (await CustodyEventsAsync(id)).Where(e => e.Action == "recording.viewed").ToList();
        Assert.Equal(["administratif"], viewed.Select(v => v.Details.GetProperty("motif").GetString()));

        // Purged at the end of its month, the recording's playback and thumbnails go with its original (410).
        await using (var connection = new NpgsqlConnection(_server.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var aged = new NpgsqlCommand("UPDATE recordings SET recorded_at = now() - interval '40 days', delete_after = NULL WHERE id = @id", connection);
            aged.Parameters.AddWithValue("id", id);
            await aged.ExecuteNonQueryAsync();
        }
        using (var admin = _server.ClientFor(Roles.Admin))
            (await admin.PostAsync("/api/retention/purge", null)).EnsureSuccessStatusCode();
        foreach (var gone in new[] { "playback/index.m3u8?reason=controle&motif=administratif", $"playback/{segment}",
                     "thumbnails/poster.jpg?reason=controle&motif=administratif" })
            Assert.Equal(HttpStatusCode.Gone, (await _operator.GetAsync($"/api/recordings/{id}/{gone}")).StatusCode);
        Assert.Equal(2, (await CustodyEventsAsync(id)).Count(e => e.Action == "derivative.deleted")); // proxy and thumbnails
    }

    [Fact]
    public async Task An_HEVC_clip_is_transcoded_and_a_text_file_is_unplayable_without_stopping_the_queue()
    {
        var notVideo = Path.Combine(_media.FullName, "CAM-0001.mp4");
        await File.WriteAllTextAsync(notVideo, "not a video at all, whatever the name says");
        var (textId, _) = await SeedAsync(notVideo);
        var (hevcId, _) = await SeedAsync(await TestMedia.HevcAsync(_media.FullName));

        var text = await WaitForStatusAsync(textId, "unplayable", "ready");
        Assert.Equal("unplayable", text.GetProperty("status").GetString());
        Assert.Contains("ffprobe cannot read this file", text.GetProperty("statusReason").GetString());

        await WaitForStatusAsync(hevcId, "ready");
        var proxy = (await CustodyEventsAsync(hevcId)).Single(e => e.Action == "derivative.created" && e.Details.GetProperty("kind").GetString() == "proxy");
        Assert.Contains("libx264", proxy.Details.GetProperty("commands")[0].EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_changed_byte_in_a_stored_original_fails_verification_and_raises_an_alert()
    {
        var clip = await TestMedia.H264Async(_media.FullName, seconds: 2, name: "tampered.mp4");
        var store = (FileSystemObjectStore)_server.Services.GetRequiredService<IObjectStore>();
        var (id, _) = await SeedAsync(clip, beforeRegistering: key =>
        {
            // Disk corruption or tampering after ingest: one byte of the stored original changes.
            using var file = new FileStream(store.LocalPath(key)!, FileMode.Open, FileAccess.ReadWrite);
            file.Position = file.Length / 2;
            var b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(b ^ 0x01));
        });

        var recording = await WaitForStatusAsync(id, "quarantined", "ready");
        Assert.Equal("quarantined", recording.GetProperty("status").GetString());
        Assert.Contains("no longer matches", recording.GetProperty("statusReason").GetString());
        Assert.Contains("recording.verification_failed", (await CustodyEventsAsync(id)).Select(e => e.Action));
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var alerts = new NpgsqlCommand("SELECT count(*) FROM alerts WHERE recording_id = @id AND kind = 'integrity'", connection);
        alerts.Parameters.AddWithValue("id", id);
        Assert.Equal(1L, await alerts.ExecuteScalarAsync());
    }

    private sealed record Event(string Action, JsonElement Details, JsonElement Personal);

    private async Task<List<Event>> CustodyEventsAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT e.action, e.details, coalesce(lp.fields, '{}') FROM custody_events e LEFT JOIN ledger_personal lp ON lp.event_id = e.id
            WHERE e.subject_kind = 'recording' AND e.subject_id = @id ORDER BY e.recorded_at
            """, connection);
        command.Parameters.AddWithValue("id", id.ToString());
        var events = new List<Event>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            events.Add(new Event(reader.GetString(0), JsonDocument.Parse(reader.GetString(1)).RootElement.Clone(),
                JsonDocument.Parse(reader.GetString(2)).RootElement.Clone()));
        return events;
    }
}
