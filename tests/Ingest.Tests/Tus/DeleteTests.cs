using System.Net;
using System.Text;

namespace Cameras.Ingest.Tests.Tus;

/// <summary>DELETE /dock/uploads/{id} (termination) as a table.</summary>
public sealed class DeleteTests(IngestServer fixture) : IClassFixture<IngestServer>
{
    [Theory]
    [InlineData("unfinished", 4, 204)]
    [InlineData("received in full", 10, 403)]
    [InlineData("unknown", -1, 404)]
    public async Task Delete(string why, int sent, int status)
    {
        var content = Encoding.ASCII.GetBytes(why.PadRight(10)[..10]);
        var url = await TusKit.CreateAsync(fixture.Dock, 10, TusKit.DockMetadata(content, offload: "delete-table"));
        if (sent > 0) (await TusKit.PatchAsync(fixture.Dock, url, 0, content[..sent])).Dispose();
        var target = sent < 0 ? "/dock/uploads/0123456789abcdef0123456789abcdef" : url;

        using var response = await fixture.Dock.SendAsync(TusKit.Request(HttpMethod.Delete, target));

        Assert.True(status == (int)response.StatusCode, why);
        using var head = await fixture.Dock.SendAsync(TusKit.Request(HttpMethod.Head, target));
        var staged = File.Exists(Path.Combine(fixture.Server.DataFolder, "staging", target.Split('/')[^1]));
        if (status == 204)
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
            Assert.False(staged);
        }
        if (status == 403)
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.NotNull(TusKit.Header(head, "Cameras-Recording"));
        }
    }
}
