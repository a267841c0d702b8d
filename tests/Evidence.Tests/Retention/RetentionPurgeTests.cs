using System.Security.Cryptography;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.Evidence.Tests.Ledger;
using Dapper;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Tests.Retention;

/// <summary>The purge deletes what is due and not held, keeps the rest, and leaves deletion events that verify.</summary>
public sealed class RetentionPurgeTests : IAsyncLifetime
{
    private LedgerHarness _ledger = null!;

    public async Task InitializeAsync() => _ledger = await LedgerHarness.CreateAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private LegalHolds Holds() => new(_ledger.DataSource, _ledger.Ledger, new StoreRetention(_ledger.Store),
        new AccessLog(_ledger.Ledger, Options.Create(new EvidenceOptions()), TimeProvider.System), TimeProvider.System);

    private RetentionPurge Purge() => new(_ledger.DataSource, _ledger.Store, _ledger.Ledger, recordingDays: 30);

    /// <summary>A stored original and its catalog row, recorded <paramref name="daysAgo"/> days ago, with no deletion date yet.</summary>
    private async Task<(Guid Id, string Sha256)> SeedAsync(int daysAgo, string status = "received", string? reason = null)
    {
        var bytes = RandomNumberGenerator.GetBytes(4096);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await _ledger.Store.PutAsync(ObjectKeys.Original(sha256), bytes, CancellationToken.None);
        var id = Guid.NewGuid();
        await using var connection = await _ledger.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO recordings (id, sha256, size, storage_key, camera, recorded_at, status, status_reason)
            VALUES (@id, @sha256, 4096, @key, 'CAM-1', now() - make_interval(days => @daysAgo), @status, @reason)
            """, new { id, sha256, key = ObjectKeys.Original(sha256), daysAgo, status, reason });
        return (id, sha256);
    }

    [Fact]
    public async Task Due_recordings_are_deleted_held_and_recent_ones_kept_and_the_deletions_verify()
    {
        var due = await SeedAsync(daysAgo: 40);
        var held = await SeedAsync(daysAgo: 40);
        var recent = await SeedAsync(daysAgo: 2);
        var holds = Holds();
        await holds.PlaceAsync(held.Id, "PV-2026-0042",
            new TracedModification.Stated(new CustodyActor("mag-1", "magistrate"), "judiciaire", "needed by the investigating judge"),
            AccessScope.Everything, CancellationToken.None);

        var purged = await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal([due.Id], purged.Select(p => p.Id));
        Assert.Null(await _ledger.Store.GetInfoAsync(ObjectKeys.Original(due.Sha256), CancellationToken.None));
        Assert.NotNull(await _ledger.Store.GetInfoAsync(ObjectKeys.Original(held.Sha256), CancellationToken.None));
        Assert.NotNull(await _ledger.Store.GetInfoAsync(ObjectKeys.Original(recent.Sha256), CancellationToken.None));
        await using var connection = await _ledger.DataSource.OpenConnectionAsync();
        Assert.Equal("purged", await connection.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @Id", new { due.Id }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM recordings WHERE delete_after IS NULL"));

        await _ledger.Sequencer.DrainAsync(CancellationToken.None);
        var checkpoint = await _ledger.Issuer.IssueAsync(CancellationToken.None);
        var events = await _ledger.Reader.EventsAboutAsync("recording", due.Id.ToString(), CancellationToken.None);
        var (deletion, leaf, _) = Assert.Single(events);
        Assert.Equal(RetentionPurge.Purged, deletion.Action);
        Assert.Equal(due.Sha256, deletion.Sha256);
        Assert.Contains("\"size\":4096", deletion.Details);
        Assert.Contains("\"policy\":", deletion.Details);
        var proof = await _ledger.Reader.InclusionProofAsync(deletion.Seq, checkpoint!.Size, CancellationToken.None);
        Assert.Null(MerkleVerifier.VerifyInclusion(deletion.Seq, checkpoint.Size, leaf!, proof, checkpoint.RootHash));
        Assert.True((await _ledger.Verifier().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task A_recording_whose_processing_failed_for_good_is_purged_when_due_like_any_other()
    {
        // Its job waits in /jobs for an admin who may never requeue it: the term runs all the same (R241-4).
        var failed = await SeedAsync(daysAgo: 40, status: "failed", reason: "Step proxy failed for good at attempt 4: refused");
        var recent = await SeedAsync(daysAgo: 2, status: "failed", reason: "Step thumbnails failed for good at attempt 4: refused");

        var purged = await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal([failed.Id], purged.Select(p => p.Id));
        Assert.Null(await _ledger.Store.GetInfoAsync(ObjectKeys.Original(failed.Sha256), CancellationToken.None));
        await using var connection = await _ledger.DataSource.OpenConnectionAsync();
        Assert.Equal("purged", await connection.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @Id", new { failed.Id }));
        Assert.Equal("failed", await connection.ExecuteScalarAsync<string>("SELECT status FROM recordings WHERE id = @Id", new { recent.Id }));
    }

    [Fact]
    public async Task A_purged_recordings_derived_files_go_with_it_each_derivative_with_its_event_and_the_ledger_verifies()
    {
        var due = await SeedAsync(daysAgo: 40);
        var keys = new List<string>();
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
            foreach (var kind in new[] { "proxy", "thumbnails" })
            {
                var id = Guid.NewGuid();
                var key = $"derived/{due.Sha256}/{kind}/{id:n}/first";
                await _ledger.Store.PutAsync(key, RandomNumberGenerator.GetBytes(100), CancellationToken.None);
                keys.Add(key);
                await connection.ExecuteAsync("""
                    INSERT INTO derivatives (id, recording_id, kind, parent_sha256, tool_version, arguments, files)
                    VALUES (@id, @recording, @kind, @sha, 'ffmpeg test', '[]', jsonb_build_array(jsonb_build_object('name', 'first', 'key', @key, 'size', 100, 'sha256', @sha)))
                    """, new { id, recording = due.Id, kind, sha = due.Sha256, key });
            }

        Assert.Single(await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        foreach (var key in keys) Assert.Null(await _ledger.Store.GetInfoAsync(key, CancellationToken.None));
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM derivatives WHERE recording_id = @Id", new { due.Id }));
        await _ledger.Sequencer.DrainAsync(CancellationToken.None);
        await _ledger.Issuer.IssueAsync(CancellationToken.None);
        var events = (await _ledger.Reader.EventsAboutAsync("recording", due.Id.ToString(), CancellationToken.None)).Select(e => e.Event).ToList();
        Assert.Equal([RetentionPurge.Purged, RetentionPurge.DerivativeDeleted, RetentionPurge.DerivativeDeleted], events.Select(e => e.Action));
        Assert.Contains("\"kind\":\"proxy\"", events[1].Details);
        Assert.Contains("\"kind\":\"thumbnails\"", events[2].Details);
        Assert.True((await _ledger.Verifier().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task A_lifted_hold_no_longer_protects_and_purging_twice_deletes_once()
    {
        var held = await SeedAsync(daysAgo: 40);
        var holds = Holds();
        var actor = new CustodyActor("mag-1", "magistrate");
        var (hold, _, _) = await holds.PlaceAsync(held.Id, "PV-1", new TracedModification.Stated(actor, "judiciaire", "kept for trial"), AccessScope.Everything, CancellationToken.None);
        Assert.Empty(await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None));

        await holds.LiftAsync(held.Id, hold!.Id, new TracedModification.Stated(actor, "judiciaire", "case closed"), AccessScope.Everything, CancellationToken.None);
        var first = await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var second = await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Single(first);
        Assert.Empty(second);
        var actions = (await _ledger.Reader.EventsAboutAsync("recording", held.Id.ToString(), CancellationToken.None)).Select(e => e.Event.Action);
        Assert.Equal([LegalHolds.Placed, LegalHolds.Lifted, RetentionPurge.Purged], actions);
    }

    [Fact]
    public async Task A_purged_recordings_dock_uploads_lose_their_officer_station_metadata_and_file_name_and_a_held_ones_keep_them()
    {
        var due = await SeedAsync(daysAgo: 40);
        var held = await SeedAsync(daysAgo: 40);
        await Holds().PlaceAsync(held.Id, "PV-U", new TracedModification.Stated(new CustodyActor("mag-1", Roles.Magistrate), "judiciaire", "kept for trial"),
            AccessScope.Everything,
            CancellationToken.None);
        // The upload that brought each, and a second docking of the same bytes (both point at the recording).
        foreach (var recording in new[] { due, due, held })
            await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
                await connection.ExecuteAsync("""
                    INSERT INTO uploads (id, created_by, expires_at, length, "offset", metadata, filename, camera, officer, station, state, sha256, recording_id)
                    VALUES (gen_random_uuid(), 'dock-1', now(), 4096, 4096, 'officer Ty03Nw==,station Q1NQIEx5b24=', 'clip.mp4', 'CAM-1', 'O-7', 'CSP Lyon',
                            'stored', @Sha256, @Id)
                    """, new { recording.Id, recording.Sha256 });

        Assert.Equal([due.Id], (await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None)).Select(p => p.Id));

        await using var db = await _ledger.DataSource.OpenConnectionAsync();
        var rows = (await db.QueryAsync<(Guid Recording, string? Officer, string? Station, string? Metadata, string? Filename, string? Camera)>(
            "SELECT recording_id, officer, station, metadata, filename, camera FROM uploads")).ToList();
        Assert.Equal(2, rows.Count(r => r.Recording == due.Id));
        // The camera's file name goes too (it often carries the officer's number and the time); the camera stays.
        Assert.All(rows.Where(r => r.Recording == due.Id), r => Assert.Equal((null, null, null, null, "CAM-1"),
            (r.Officer, r.Station, r.Metadata, r.Filename, r.Camera)));
        Assert.Equal(("O-7", "CSP Lyon"), rows.Where(r => r.Recording == held.Id).Select(r => (r.Officer, r.Station)).Single());
    }

    [Fact]
    public async Task A_purged_recordings_bookmarks_go_with_it_and_a_held_ones_stay()
    {
        var due = await SeedAsync(daysAgo: 40);
        var held = await SeedAsync(daysAgo: 40);
        await Holds().PlaceAsync(held.Id, "PV-B", new TracedModification.Stated(new CustodyActor("mag-1", Roles.Magistrate), "judiciaire", "kept for trial"),
            AccessScope.Everything, CancellationToken.None);
        // The notes name what the images showed (people, plates): the searchable copy must not outlive the images.
        foreach (var recording in new[] { due, due, held })
            await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
                await connection.ExecuteAsync("""
                    INSERT INTO bookmarks (id, recording_id, at_seconds, note, created_by)
                    VALUES (gen_random_uuid(), @Id, 1.5, 'suspect M. Durand, plate AB-123-CD', 'operator-1')
                    """, new { recording.Id });

        Assert.Equal([due.Id], (await Purge().PurgeAsync(DateTimeOffset.UtcNow, CancellationToken.None)).Select(p => p.Id));

        await using var db = await _ledger.DataSource.OpenConnectionAsync();
        var left = (await db.QueryAsync<Guid>("SELECT recording_id FROM bookmarks")).ToList();
        Assert.Equal([held.Id], left);
    }
}
