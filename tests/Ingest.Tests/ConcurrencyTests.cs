using System.Net;
using System.Security.Cryptography;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Ingest.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Sixteen_concurrent_uploads_of_64_MiB_land_with_the_right_hashes()
    {
        await using var server = await TestServer.StartAsync(IngestServer.IngestOnly);
        const long length = 64L << 20;
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            using var dock = server.ClientFor(Roles.Dock, "dock-sixteen"); // one dock, sixteen files of one offload at once
            var (sha, _) = StallingStream.Expected(length, seed: 100 + i, offset: 0);
            var url = await TusKit.CreateAsync(dock, length, TusKit.Metadata(("sha256", sha), ("offload", "sixteen"), ("filename", $"f{i:00}.mp4")));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var patch = TusKit.Patch(url, 0, new HashingReadStream(new PseudoRandomStream(length, 100 + i), hash), length, bufferSize: 1 << 20);
            using var response = await dock.SendAsync(patch);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            return (Sent: Convert.ToHexStringLower(hash.GetHashAndReset()), Recording: TusKit.Header(response, "Cameras-Recording"));
        })));

        foreach (var (sent, recording) in results)
        {
            Assert.NotNull(recording);
            Assert.Equal(sent, await TusKit.ScalarAsync<string>(server, $"SELECT sha256 FROM recordings WHERE id = '{recording}'"));
            var stored = Path.Combine(server.DataFolder, "objects", "originals", sent[..2], sent[2..4], sent);
            Assert.Equal(length, new FileInfo(stored).Length);
        }
        Assert.Equal(16, results.Select(r => r.Sent).Distinct().Count());
        using var receipt = await server.ClientFor(Roles.Dock, "dock-sixteen").GetAsync("/dock/offloads/sixteen/receipt");
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
    }
}
