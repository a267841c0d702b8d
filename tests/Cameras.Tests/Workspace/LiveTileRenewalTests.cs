using Cameras.TestSupport;

namespace Cameras.Tests.Workspace;

/// <summary>
/// Live tiles with a real OpenID Connect provider whose access tokens live 20 s: a tile asks the session for the token
/// each time it connects (the relay's WebSocket, the hub) or requests (HLS), so the renewed token is the one sent. After
/// the first token expired, the relay's and the hub's sockets dropped reconnect with a current token and the tile plays
/// on; in HLS mode it plays past its first token's expiry, each playlist and segment request carrying a token current
/// when sent. (The server tolerates JwtBearer's clock skew past a token's expiry, so the test reads the tokens sent
/// rather than waiting for a refusal.)
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class LiveTileRenewalTests
{
    [Fact]
    public async Task A_tile_reconnects_and_reloads_with_the_renewed_token_after_the_first_one_expired()
    {
        var port = OidcProvider.ReservePort();
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"), OidcProvider.ServerSettings(port));
        await using var provider = await OidcProvider.StartAsync(port, server.Address, accessTokenSeconds: 20);
        var terminal = await provider.ClientCredentialsTokenAsync("probe-terminal", "urn:cameras");
        var feed = "cam-renewal";
        using var ffmpeg = ExternalProcess.Start("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi",
            "-i", "testsrc=size=320x240:rate=25", "-t", "240", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4",
            "-hls_playlist_type", "event", "-method", "PUT", "-headers", $"Authorization: Bearer {terminal}\r\n",
            new Uri(server.Address, $"/live/{feed}/index.m3u8").ToString()], new Dictionary<string, string?>());
        try
        {
            var steps = await WorkspaceServer.BrowseAsync("dashboard-renewal.mjs", server.Address.ToString(), feed);

            var reconnected = steps["reconnected"];
            Assert.True(reconnected.GetProperty("relaySockets").GetInt32() >= 1, reconnected.ToString());
            Assert.True(reconnected.GetProperty("hubSockets").GetInt32() >= 1, reconnected.ToString());
            Assert.True(reconnected.GetProperty("relayTokenRenewed").GetBoolean(), "the relay socket reconnected with the renewed token");
            Assert.True(reconnected.GetProperty("hubTokenRenewed").GetBoolean(), "the hub reconnected with the renewed token");
            Assert.Empty(reconnected.GetProperty("refused").EnumerateArray());
            var hls = steps["hls"];
            Assert.Empty(hls.GetProperty("refused").EnumerateArray());
            Assert.True(hls.GetProperty("requestsAfterExpiry").GetInt32() > 0, hls.ToString());
            Assert.Equal(hls.GetProperty("requestsAfterExpiry").GetInt32(), hls.GetProperty("current").GetInt32()); // each with a current token
            Assert.Equal(0, hls.GetProperty("inUrl").GetInt32()); // in a header, never fixed in the playlist's URL
            Assert.True(hls.GetProperty("currentTime").GetDouble() > 3, hls.ToString());
        }
        finally
        {
            if (!ffmpeg.HasExited) ffmpeg.Kill(entireProcessTree: true);
        }
    }
}
