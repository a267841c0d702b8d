using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Security;

namespace Cameras.Evidence.Tests.Ledger;

/// <summary>The ledger in PostgreSQL: appends from many writers, sequencing, checkpoints, proofs that verify.</summary>
public sealed class CustodyLedgerTests : IAsyncLifetime
{
    private LedgerHarness _ledger = null!;

    public async Task InitializeAsync() => _ledger = await LedgerHarness.CreateAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    [Fact]
    public async Task Concurrent_writers_get_one_gapless_order_and_every_proof_verifies()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _ledger.AppendAsync(25, checkpoint: false))));
        await _ledger.Sequencer.DrainAsync(CancellationToken.None);
        var first = await _ledger.Issuer.IssueAsync(CancellationToken.None);
        await _ledger.AppendAsync(37);
        var (size, second) = await _ledger.Reader.HeadAsync(CancellationToken.None);

        Assert.Equal(200, first!.Size);
        Assert.Equal(237, size);
        Assert.Equal(237, second!.Size);
        Assert.True(second.IsSignedBy(_ledger.Keys.Get(InstanceKeys.LedgerSigning)));
        foreach (var seq in new long[] { 0, 1, 99, 199, 200, 236 })
        {
            var (e, leaf, _) = (await _ledger.Reader.EventAsync(seq, CancellationToken.None))!;
            Assert.Equal(MerkleHasher.HashLeaf(e.CanonicalBytes()), leaf);
            var proof = await _ledger.Reader.InclusionProofAsync(seq, second.Size, CancellationToken.None);
            Assert.Null(MerkleVerifier.VerifyInclusion(seq, second.Size, leaf, proof, second.RootHash));
        }
        var consistency = await _ledger.Reader.ConsistencyProofAsync(first.Size, second.Size, CancellationToken.None);
        Assert.Null(MerkleVerifier.VerifyConsistency(first.Size, second.Size, consistency, first.RootHash, second.RootHash));
        var verdict = await _ledger.Verifier().VerifyAsync(CancellationToken.None);
        Assert.True(verdict.Intact, string.Join("\n", verdict.Problems));
        Assert.Equal(237, verdict.Events);
    }

    [Fact]
    public async Task A_checkpoint_is_dated_by_the_issuers_clock()
    {
        await _ledger.AppendAsync(1, checkpoint: false);
        await _ledger.Sequencer.DrainAsync(CancellationToken.None);
        _ledger.Clock.Advance(TimeSpan.FromDays(3));
        var checkpoint = await _ledger.Issuer.IssueAsync(CancellationToken.None);
        // Signed to the second: the moved clock, three days ahead of the system's.
        Assert.Equal(_ledger.Clock.GetUtcNow(), checkpoint!.IssuedAt, TimeSpan.FromSeconds(2));
        Assert.True(Checkpoint.Parse(checkpoint.Note)!.IssuedAt > DateTimeOffset.UtcNow.AddDays(2));
    }

    [Fact]
    public async Task Sequencers_on_several_nodes_take_turns()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => new LedgerSequencer(_ledger.DataSource, 7)).ToList();
        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _ledger.RecordAsync(60))));
        var sequenced = await Task.WhenAll(nodes.Select((node, i) => Task.Run(async () =>
        {
            long total = 0;
            while (!writers.IsCompleted) total += i % 2 == 0 ? await node.SequenceAsync(CancellationToken.None) : await node.DrainAsync(CancellationToken.None);
            return total + await node.DrainAsync(CancellationToken.None);
        })));
        await _ledger.Issuer.IssueAsync(CancellationToken.None);

        Assert.Equal(240, sequenced.Sum());
        var verdict = await _ledger.Verifier().VerifyAsync(CancellationToken.None);
        Assert.True(verdict.Intact, string.Join("\n", verdict.Problems));
        Assert.Equal(240, verdict.Events);
    }

    [Fact]
    public async Task An_event_recorded_in_a_rolled_back_transaction_never_exists()
    {
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await _ledger.Ledger.RecordAsync(new CustodyRecord("recording.received", "recording", "r1", null, CustodyActor.System), tx, CancellationToken.None);
            await tx.RollbackAsync();
        }
        await _ledger.AppendAsync(1);

        var (size, _) = await _ledger.Reader.HeadAsync(CancellationToken.None);
        Assert.Equal(1, size);
    }

    [Fact]
    public async Task Checkpoints_leave_the_database_as_write_once_objects()
    {
        await _ledger.AppendAsync(5);
        await _ledger.AppendAsync(3);

        var keys = new List<string>();
        await foreach (var info in _ledger.Store.ListAsync("ledger/", CancellationToken.None)) keys.Add(info.Key);
        Assert.Equal([Checkpoint.ObjectKey(5), Checkpoint.ObjectKey(8), LeafBundle.ObjectKey(0, 5), LeafBundle.ObjectKey(5, 8)], keys);
        await using var stream = await _ledger.Store.OpenReadAsync(Checkpoint.ObjectKey(8), 0, null, CancellationToken.None);
        var note = Checkpoint.Parse(await new StreamReader(stream).ReadToEndAsync());
        Assert.NotNull(note);
        Assert.Equal(8, note.Size);
        Assert.True(note.IsSignedBy(_ledger.Keys.Get(InstanceKeys.LedgerSigning)));
    }

    [Fact]
    public void The_canonical_form_is_exactly_as_documented()
    {
        var e = new LedgerEvent(42, Guid.Parse("01936f2a-0000-7000-8000-000000000001"), new DateTime(2026, 11, 22, 8, 0, 1, 500, DateTimeKind.Utc),
            "recording.viewed", "recording", "r-1", new string('a', 64), "officer \"7\"", "officer",
            CanonicalJson.Serialize(new JsonObject { ["zeta"] = "é\n", ["alpha"] = 3, ["list"] = new JsonArray(true, null) }));

        Assert.Equal(
            """{"action":"recording.viewed","actor":{"role":"officer","subject":"officer \"7\""},"details":{"alpha":3,"list":[true,null],"zeta":"é\n"},"id":"01936f2a-0000-7000-8000-000000000001","seq":42,"sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","subject":{"id":"r-1","kind":"recording"},"time":"2026-11-22T08:00:01.500000Z","v":1}""",
            e.Canonical());
    }

    [Fact]
    public void Fractional_numbers_are_refused_in_details()
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new JsonObject { ["fps"] = 29.97 }));
    }
}
