using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests.Hardening;

/// <summary>
/// A PostgreSQL that goes away mid-request (its sessions terminated, as a restart or a failover does) is a 503 with
/// Retry-After, never a 500; the tus client that retries as told resumes and finishes its upload.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("ingest,evidence"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_patch_cut_by_the_database_is_503_with_retry_after_and_the_upload_resumes()
    {
        var bytes = RandomNumberGenerator.GetBytes(2 << 20);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var dock = _server.ClientFor(Roles.Dock);
        dock.DefaultRequestHeaders.Add("Tus-Resumable", "1.0.0");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/dock/uploads");
        create.Headers.Add("Upload-Length", bytes.Length.ToString());
        create.Headers.Add("Upload-Metadata", TusMalformedTests.Metadata(("filename", "cut.mp4"), ("sha256", sha)));
        using var created = await dock.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var upload = created.Headers.Location!.OriginalString;

        // The PATCH sends its first 256 KiB, then waits while every session of the server's database is terminated.
        var body = new GatedStream(bytes, 256 << 10);
        var patching = dock.SendAsync(Patch(upload, 0, new StreamContent(body)));
        await Eventually.ThatAsync(LeaseHeldAsync, held => held, TimeSpan.FromSeconds(20), "the PATCH to hold its upload's lease");
        await TerminateSessionsAsync();
        body.Release();
        using var cut = await patching;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, cut.StatusCode);
        Assert.Equal("application/problem+json", cut.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(cut.Headers.RetryAfter?.Delta);
        var problem = await cut.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("database-unavailable", problem.GetProperty("code").GetString());
        Assert.Contains("again", problem.GetProperty("detail").GetString());

        // A client that retries: HEAD (503s allowed while the pool refills, never a 500), then PATCH from where it says.
        long offset = -1;
        await Eventually.ThatAsync(async () =>
        {
            using var head = await dock.SendAsync(new HttpRequestMessage(HttpMethod.Head, upload));
            Assert.True(head.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"HEAD answered {(int)head.StatusCode}");
            if (head.StatusCode != HttpStatusCode.OK) return false;
            offset = long.Parse(head.Headers.GetValues("Upload-Offset").Single());
            return true;
        }, answered => answered, TimeSpan.FromSeconds(20), "HEAD to answer again");
        using var resumed = await dock.SendAsync(Patch(upload, offset, new ByteArrayContent(bytes[(int)offset..])));

        Assert.Equal(HttpStatusCode.NoContent, resumed.StatusCode);
        Assert.Equal(bytes.Length.ToString(), resumed.Headers.GetValues("Upload-Offset").Single());
        Assert.True(resumed.Headers.Contains("Cameras-Recording"), "the completed upload is registered as a recording");
    }

    private static HttpRequestMessage Patch(string upload, long offset, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Patch, upload) { Content = content };
        request.Headers.Add("Upload-Offset", offset.ToString());
        return request;
    }

    private async Task<bool> LeaseHeldAsync()
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>What a restart or a failover does to the server's sessions: each is ended by the administrator (57P01).</summary>
    private async Task TerminateSessionsAsync()
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            connection);
        Assert.True((long)(await command.ExecuteScalarAsync())! > 0, "the server had sessions to end");
    }
}
