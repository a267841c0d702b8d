using System.Net;
using System.Security.Cryptography;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>
/// Two `cameras serve` processes whose users' tokens come from an external OpenID Connect authority: the terminal
/// pushes and the operator watches with that authority's tokens, while the command-room node pulls from the ingest
/// node with its own node token, which the authority setting does not affect.
/// </summary>
public sealed class CrossNodeWithAuthorityTests
{
    [Fact]
    public async Task Feed_pushed_to_one_node_is_watched_through_another_when_an_authority_signs_the_users_tokens()
    {
        await using var authority = await TestAuthority.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        var data = Directory.CreateTempSubdirectory("cameras-live-oidc-").FullName;
        try
        {
            await using var ingest = await ServerProcess.StartAsync(database.ConnectionString, data, "ingest", authority.Environment());
            await using var room = await ServerProcess.StartAsync(database.ConnectionString, data, "commandroom,evidence", authority.Environment());
            var feed = "cam-oidc";
            var terminal = authority.Token(Roles.Terminal, "t-oidc");
            var url = new UriBuilder(ingest.Address) { UserName = "t-oidc", Password = terminal, Path = $"/live/{feed}/" }.Uri.ToString();
            using var ffmpeg = Pusher.Dash(url, 8);
            using var viewer = new HttpClient { BaseAddress = room.Address };
            viewer.DefaultRequestHeaders.Authorization = new("Bearer", authority.Token(Roles.Operator, "op-oidc"));
            var playlist = await Eventually.ThatAsync(async () =>
            {
                using var r = await viewer.GetAsync($"/relay/{feed}/index.m3u8?reason=test");
                return r.StatusCode == HttpStatusCode.OK ? await r.Content.ReadAsStringAsync() : "";
            }, p => p.Contains("#EXTINF"), TimeSpan.FromSeconds(30),
                "the relayed playlist on the command-room node\n" + room.Output + "\ningest:\n" + ingest.Output);
            await Pusher.WaitAsync(ffmpeg, TimeSpan.FromSeconds(60));

            var name = playlist.Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')).Split('?')[0];
            var relayed = await viewer.GetByteArrayAsync($"/relay/{feed}/{name}?reason=test");
            await using var db = new NpgsqlConnection(database.ConnectionString);
            Assert.Equal(await db.ExecuteScalarAsync<string>("SELECT sha256 FROM live_segments WHERE feed_id = @feed AND name = @name",
                new { feed, name }), Convert.ToHexStringLower(SHA256.HashData(relayed)));

            // Tokens never reach the logs, neither the authority's nor the nodes' own.
            Assert.DoesNotContain(terminal, ingest.Output + room.Output);
            Assert.DoesNotContain("eyJ", ingest.Output + room.Output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
