using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Npgsql;

namespace Cameras.Ingest.Tests;

/// <summary>What a whole file becomes: a recording with its custody event, or quarantine.</summary>
public sealed class CompletionTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Fact]
    public async Task A_file_sent_in_chunks_becomes_a_recording_stored_under_its_hash_with_a_custody_event_and_a_notify()
    {
        var content = TusKit.RandomBytes(300_000, seed: 11);
        var sha = TusKit.Sha256Hex(content);
        await using var listener = new NpgsqlConnection(fixture.Server.DatabaseConnectionString);
        await listener.OpenAsync();
        string? notified = null;
        listener.Notification += (_, e) => notified = e.Payload;
        await using (var listen = new NpgsqlCommand("LISTEN recording_received", listener)) await listen.ExecuteNonQueryAsync();

        var url = await TusKit.CreateAsync(fixture.Dock, content.Length, TusKit.DockMetadata(content, offload: "chunks"));
        HttpResponseMessage last = null!;
        for (var offset = 0; offset < content.Length; offset += 100_000)
        {
            Assert.Equal(offset, await TusKit.OffsetAsync(fixture.Dock, url));
            last = await TusKit.PatchAsync(fixture.Dock, url, offset, content[offset..(offset + 100_000)]);
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }
        var recording = TusKit.Header(last, "Cameras-Recording");
        Assert.NotNull(recording);

        using var operatorClient = fixture.Server.ClientFor(Roles.Operator);
        var found = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording}");
        Assert.Equal(sha, found.GetProperty("sha256").GetString());
        Assert.Equal(content.Length, found.GetProperty("size").GetInt64());
        Assert.Equal("CAM-7", found.GetProperty("camera").GetString());
        Assert.Equal("received", found.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 21, 22, 0, 0, TimeSpan.Zero), found.GetProperty("deleteAfter").GetDateTimeOffset());
        var stored = Path.Combine(fixture.Server.DataFolder, "objects", "originals", sha[..2], sha[2..4], sha);
        Assert.Equal(content, await File.ReadAllBytesAsync(stored));
        Assert.False(File.Exists(Path.Combine(fixture.Server.DataFolder, "staging", url.Split('/')[^1])));

        var details = await TusKit.ScalarAsync<string>(fixture.Server,
            $"SELECT details::text FROM custody_events WHERE action = 'recording.received' AND subject_id = '{recording}'");
        using var json = JsonDocument.Parse(details);
        Assert.Equal(sha, json.RootElement.GetProperty("sha256_received").GetString());
        Assert.Equal(sha, json.RootElement.GetProperty("sha256_camera").GetString());
        Assert.Equal("chunks", json.RootElement.GetProperty("offload").GetString());
        // The officer, station and file name sit in the erasable personal part (R241-4), not in the leaf's details.
        Assert.False(json.RootElement.TryGetProperty("officer", out _));
        Assert.False(json.RootElement.TryGetProperty("filename", out _));
        var personal = await TusKit.ScalarAsync<string>(fixture.Server, $"""
            SELECT lp.fields FROM ledger_personal lp JOIN custody_events e ON e.id = lp.event_id
            WHERE e.action = 'recording.received' AND e.subject_id = '{recording}' AND lp.erase_after IS NULL
            """);
        using var personalJson = JsonDocument.Parse(personal);
        Assert.Equal("O-12", personalJson.RootElement.GetProperty("officer").GetString());
        Assert.True(personalJson.RootElement.TryGetProperty("filename", out _));

        await listener.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(recording, notified);
    }

    [Fact]
    public async Task A_file_that_differs_from_the_camera_hash_is_quarantined_registers_nothing_and_the_dock_is_told()
    {
        var content = TusKit.RandomBytes(50_000, seed: 12);
        var altered = (byte[])content.Clone();
        altered[1234] ^= 1;

        using var response = await TusKit.UploadAsync(fixture.Dock, altered, TusKit.DockMetadata(content, offload: "tampered"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(TusKit.Header(response, "Cameras-Recording"));
        Assert.StartsWith("sha256-mismatch", TusKit.Header(response, "Cameras-Quarantine"));
        Assert.Equal(0L, await TusKit.ScalarAsync<long>(fixture.Server,
            $"SELECT count(*) FROM recordings WHERE sha256 IN ('{TusKit.Sha256Hex(content)}', '{TusKit.Sha256Hex(altered)}')"));
        Assert.Equal(0L, await TusKit.ScalarAsync<long>(fixture.Server,
            $"SELECT count(*) FROM custody_events WHERE sha256 = '{TusKit.Sha256Hex(altered)}'"));
        var key = await TusKit.ScalarAsync<string>(fixture.Server,
            $"SELECT storage_key FROM quarantine WHERE sha256 = '{TusKit.Sha256Hex(altered)}'");
        Assert.Equal(altered, await File.ReadAllBytesAsync(Path.Combine(fixture.Server.DataFolder, "objects", key)));

        using var receipt = await fixture.Dock.GetAsync("/dock/offloads/tampered/receipt");
        Assert.Equal(HttpStatusCode.Conflict, receipt.StatusCode);
        var problem = await receipt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("offload-quarantined", problem.GetProperty("code").GetString());
        Assert.Contains("clip.mp4", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_same_file_docked_twice_is_one_recording()
    {
        var content = TusKit.RandomBytes(20_000, seed: 13);
        using var first = await TusKit.UploadAsync(fixture.Dock, content, TusKit.DockMetadata(content, offload: "twice-a"));
        using var second = await TusKit.UploadAsync(fixture.Dock, content, TusKit.DockMetadata(content, offload: "twice-b"));

        Assert.Equal(TusKit.Header(first, "Cameras-Recording"), TusKit.Header(second, "Cameras-Recording"));
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(fixture.Server, $"SELECT count(*) FROM recordings WHERE sha256 = '{TusKit.Sha256Hex(content)}'"));
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(fixture.Server,
            $"SELECT count(*) FROM custody_events WHERE action = 'recording.received' AND sha256 = '{TusKit.Sha256Hex(content)}'"));
        using var receipt = await fixture.Dock.GetAsync("/dock/offloads/twice-b/receipt");
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
    }

    [Fact]
    public async Task Partial_uploads_sent_in_parallel_are_concatenated_into_one_verified_recording()
    {
        var content = TusKit.RandomBytes(90_000, seed: 14);
        var parts = await Task.WhenAll(
            TusKit.CreatePartialAsync(fixture.Dock, content[..30_000]),
            TusKit.CreatePartialAsync(fixture.Dock, content[30_000..60_000]),
            TusKit.CreatePartialAsync(fixture.Dock, content[60_000..]));

        var final = await TusKit.CreateFinalAsync(fixture.Dock, TusKit.DockMetadata(content, offload: "concat"), parts);

        using var head = await fixture.Dock.SendAsync(TusKit.Request(HttpMethod.Head, final));
        Assert.Equal("90000", TusKit.Header(head, "Upload-Offset"));
        Assert.StartsWith("final;", TusKit.Header(head, "Upload-Concat"));
        var recording = TusKit.Header(head, "Cameras-Recording");
        Assert.NotNull(recording);
        Assert.Equal(TusKit.Sha256Hex(content), await TusKit.ScalarAsync<string>(fixture.Server, $"SELECT sha256 FROM recordings WHERE id = '{recording}'"));
        using var reuse = TusKit.Request(HttpMethod.Post, "/dock/uploads", ("Upload-Concat", "final;" + parts[0]), ("Upload-Metadata", TusKit.DockMetadata(content)));
        using var refused = await fixture.Dock.SendAsync(reuse);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
