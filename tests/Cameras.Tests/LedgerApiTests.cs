using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Cameras.Tests;

/// <summary>/api/ledger as an outside verifier uses it: only public data, checked with the RFC 6962 algorithms.</summary>
public sealed class LedgerApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task RecordAsync(int count)
    {
        var ledger = _server.Services.GetRequiredService<ICustodyLedger>();
        for (var i = 0; i < count; i++)
            await ledger.RecordAsync(new CustodyRecord("recording.received", "recording", Guid.NewGuid().ToString(), null,
                new CustodyActor("dock-1", Roles.Dock)), null, CancellationToken.None);
    }

    private static byte[] Base64(JsonElement e) => Convert.FromBase64String(e.GetString()!);

    [Fact]
    public async Task Checkpoints_and_proofs_verify_with_only_what_the_api_publishes()
    {
        using var admin = _server.ClientFor(Roles.Admin);
        using var magistrate = _server.ClientFor(Roles.Magistrate);
        await RecordAsync(10);
        var first = await (await admin.PostAsync("/api/ledger/checkpoints", null)).Content.ReadFromJsonAsync<JsonElement>();
        await RecordAsync(5);
        var second = await (await admin.PostAsync("/api/ledger/checkpoints", null)).Content.ReadFromJsonAsync<JsonElement>();
        var list = await magistrate.GetFromJsonAsync<JsonElement>("/api/ledger/checkpoints");

        Assert.Equal(10, first.GetProperty("size").GetInt64());
        Assert.Equal(15, list.GetProperty("latest").GetProperty("size").GetInt64());
        using var key = ECDsa.Create();
        key.ImportFromPem(list.GetProperty("publicKey").GetString());
        var note = Checkpoint.Parse(list.GetProperty("latest").GetProperty("note").GetString()!)!;
        Assert.True(note.IsSignedBy(key));
        Assert.Equal(Base64(second.GetProperty("rootHash")), note.RootHash);

        // The events are about recordings no magistrate was given: an operator reads them (AccessScope).
        using var operatorClient = _server.ClientFor(Roles.Operator);
        var e = await operatorClient.GetFromJsonAsync<JsonElement>("/api/ledger/events/3");
        var leaf = MerkleHasher.HashLeaf(Encoding.UTF8.GetBytes(e.GetProperty("canonical").GetString()!));
        var inclusion = await operatorClient.GetFromJsonAsync<JsonElement>("/api/ledger/proofs/inclusion?seq=3&size=15");
        var path = inclusion.GetProperty("proof").EnumerateArray().Select(Base64).ToList();
        Assert.Null(MerkleVerifier.VerifyInclusion(3, 15, leaf, path, note.RootHash));
        Assert.True(inclusion.GetRawText().Length < 1024);

        var consistency = await magistrate.GetFromJsonAsync<JsonElement>("/api/ledger/proofs/consistency?from=10&to=15");
        var proof = consistency.GetProperty("proof").EnumerateArray().Select(Base64).ToList();
        Assert.Null(MerkleVerifier.VerifyConsistency(10, 15, proof, Base64(first.GetProperty("rootHash")), note.RootHash));
    }

    [Theory]
    [InlineData("/api/ledger/proofs/inclusion?seq=7&size=99", HttpStatusCode.BadRequest, "bad-proof-request")]
    [InlineData("/api/ledger/proofs/inclusion?seq=-1", HttpStatusCode.BadRequest, "bad-proof-request")]
    [InlineData("/api/ledger/proofs/consistency?from=5&to=3", HttpStatusCode.BadRequest, "bad-proof-request")]
    [InlineData("/api/ledger/proofs/consistency?from=1&to=50", HttpStatusCode.BadRequest, "bad-proof-request")]
    [InlineData("/api/ledger/events/999", HttpStatusCode.NotFound, "ledger-event-not-found")]
    public async Task Impossible_requests_are_problems(string path, HttpStatusCode status, string code)
    {
        await RecordAsync(8);
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();

        using var response = await admin.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_is_for_admins_and_reports_an_intact_ledger()
    {
        await RecordAsync(3);
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();

        var verdict = await (await admin.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var officer = _server.ClientFor(Roles.Officer);
        using var refused = await officer.PostAsync("/api/ledger/verify", null);

        Assert.True(verdict.GetProperty("intact").GetBoolean());
        Assert.Equal(3, verdict.GetProperty("events").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
