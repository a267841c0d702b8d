using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Ingest.Tests;

/// <summary>
/// What a dock and an auditor check once an upload's completion was cut and carried on: HEAD and PATCH answer the
/// finished upload (not 500), the receipt is signed, and there is exactly one recording, one recording.received
/// custody event and one NOTIFY for it, the original in the store and nothing left in staging.
/// </summary>
public sealed class FinishedOnce : IAsyncDisposable
{
    private readonly NpgsqlConnection _listener;
    private readonly string _connectionString;
    private readonly List<string> _notified = [];

    private FinishedOnce(NpgsqlConnection listener, string connectionString)
    {
        _listener = listener;
        _connectionString = connectionString;
    }

    /// <summary>Starts listening for recording_received before the upload completes.</summary>
    public static async Task<FinishedOnce> ListenAsync(string connectionString)
    {
        var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        var finished = new FinishedOnce(listener, connectionString);
        listener.Notification += (_, e) => finished._notified.Add(e.Payload);
        await using var listen = new NpgsqlCommand("LISTEN recording_received", listener);
        await listen.ExecuteNonQueryAsync();
        return finished;
    }

    /// <summary>Asserts the upload ended registered once; the first request to the server is a HEAD unless
    /// <paramref name="patchFirst"/> (then a PATCH at the end of the file, as a client resending nothing does).</summary>
    public async Task AssertAsync(HttpClient dock, string url, byte[] content, string offload, string dataFolder, bool patchFirst = false)
    {
        var sha = TusKit.Sha256Hex(content);
        string recording;
        if (patchFirst)
        {
            using var patch = await TusKit.PatchAsync(dock, url, content.Length, []);
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
            recording = TusKit.Header(patch, "Cameras-Recording")!;
        }
        using (var head = await dock.SendAsync(TusKit.Request(HttpMethod.Head, url)))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(content.Length.ToString(), TusKit.Header(head, "Upload-Offset"));
            Assert.Null(TusKit.Header(head, "Cameras-Quarantine"));
            recording = TusKit.Header(head, "Cameras-Recording")!;
            Assert.NotNull(recording);
        }
        using (var again = await TusKit.PatchAsync(dock, url, content.Length, []))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
            Assert.Equal(recording, TusKit.Header(again, "Cameras-Recording"));
        }
        using (var stale = await TusKit.PatchAsync(dock, url, 0, content[..100]))
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode); // the dock's retry of its last chunk is told the offset

        var connection = _connectionString;
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(connection, $"SELECT count(*) FROM recordings WHERE sha256 = '{sha}' AND id = '{recording}'"));
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(connection, $"SELECT count(*) FROM recordings WHERE sha256 = '{sha}'"));
        Assert.Equal(1L, await TusKit.ScalarAsync<long>(connection,
            $"SELECT count(*) FROM custody_events WHERE action = 'recording.received' AND sha256 = '{sha}'"));
        Assert.Equal("stored", await TusKit.ScalarAsync<string>(connection, $"SELECT state FROM uploads WHERE id = '{Guid.Parse(url.Split('/')[^1])}'"));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(dataFolder, "objects", "originals", sha[..2], sha[2..4], sha)));
        Assert.False(File.Exists(Path.Combine(dataFolder, "staging", url.Split('/')[^1])));

        using (var receipt = await dock.GetAsync($"/dock/offloads/{offload}/receipt"))
        {
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
            var files = (await receipt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetProperty("files");
            Assert.Equal(recording, files.EnumerateArray().Single().GetProperty("recording").GetString());
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_notified.Contains(recording) && DateTime.UtcNow < deadline) await _listener.WaitAsync(TimeSpan.FromMilliseconds(200));
        Assert.Single(_notified, recording);
        // Nothing announces a recording that is not there (an attempt rolled back announces nothing).
        foreach (var other in _notified)
            Assert.True(await TusKit.ScalarAsync<long>(connection, $"SELECT count(*) FROM recordings WHERE id = '{other}'") == 1,
                $"NOTIFY of {other}, which is no recording; all notified: {string.Join(", ", _notified)}");
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
