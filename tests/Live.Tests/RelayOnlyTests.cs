using System.Buffers.Binary;
using System.Net;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Dapper;
using Npgsql;

namespace Cameras.Live.Tests;

/// <summary>With <c>Cameras:Live:RelayOnly</c> (the old name of <c>Record=none</c>, still read as its alias), live segments
/// are relayed from memory and leave nothing stored, not even their hashes.</summary>
public sealed class RelayOnlyTests
{
    [Fact]
    public async Task Relay_only_keeps_segments_out_of_storage()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"),
            new Dictionary<string, string?> { ["Cameras:Live:RelayOnly"] = "true" });
        using var terminal = server.ClientFor(Roles.Terminal, "terminal-r");
        byte[] init = [.. Box("ftyp", new byte[8]), .. Box("moov", [])];
        byte[] segment = [.. Box("moof", []), .. Box("mdat", new byte[100])];
        Assert.Equal(HttpStatusCode.NoContent, (await terminal.PutAsync("/live/quiet/init.mp4", new ByteArrayContent(init))).StatusCode);
        var stored = await terminal.PutAsync("/live/quiet/seg1.m4s", new ByteArrayContent(segment));
        Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);
        Assert.False(stored.Headers.Contains("Cameras-Sha256"));

        using var op = server.ClientFor(Roles.Operator);
        Assert.Equal(segment, await op.GetByteArrayAsync("/relay/quiet/seg1.m4s"));
        await using var db = new NpgsqlConnection(server.DatabaseConnectionString);
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM live_segments"));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM custody_events WHERE action LIKE 'live.segment.%'"));
        Assert.Equal("none", await db.ExecuteScalarAsync<string>("SELECT record FROM live_feeds WHERE id = 'quiet'"));
        Assert.False(Directory.Exists(Path.Combine(server.DataFolder, "objects", "live")));
    }

    private static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }
}
