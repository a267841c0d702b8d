using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Evidence.Tests.Ledger;

/// <summary>
/// R241-5: who consulted what, why and for whom is kept three years, then erased, and the ledger must stay
/// verifiable after the erasure while still catching personal data altered or deleted by hand.
/// </summary>
public sealed class PersonalDataTests : IAsyncLifetime
{
    private static readonly AgentClaims Person = new("123456", "Martin", "Claire", "Brigadier", "CSP Lyon 3e");

    private LedgerHarness _ledger = null!;

    public async Task InitializeAsync() => _ledger = await LedgerHarness.CreateAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    [Fact]
    public void An_event_with_a_personal_part_commits_to_it_in_its_leaf_as_documented()
    {
        var e = new LedgerEvent(7, Guid.Parse("01936f2a-0000-7000-8000-000000000002"), new DateTime(2026, 11, 22, 8, 0, 1, 500, DateTimeKind.Utc),
            "recording.viewed", "recording", "r-1", null, "op-1", "operator", "{}", new string('b', 64),
            new DateTime(2029, 11, 21, 8, 0, 1, DateTimeKind.Utc));

        Assert.Equal(
            """{"action":"recording.viewed","actor":{"role":"operator","subject":"op-1"},"details":{},"id":"01936f2a-0000-7000-8000-000000000002","personal":{"sha256":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","until":"2029-11-21T08:00:01.000000Z"},"seq":7,"sha256":null,"subject":{"id":"r-1","kind":"recording"},"time":"2026-11-22T08:00:01.500000Z","v":2}""",
            e.Canonical());
    }

    [Fact]
    public void An_event_whose_actor_is_named_in_its_personal_part_has_only_the_role_in_its_leaf_as_documented()
    {
        var e = new LedgerEvent(8, Guid.Parse("01936f2a-0000-7000-8000-000000000003"), new DateTime(2026, 11, 22, 8, 0, 1, 500, DateTimeKind.Utc),
            "recording.viewed", "recording", "r-1", null, null, "operator", "{}", new string('c', 64),
            new DateTime(2029, 11, 21, 8, 0, 1, DateTimeKind.Utc));

        Assert.Equal(
            """{"action":"recording.viewed","actor":{"role":"operator"},"details":{},"id":"01936f2a-0000-7000-8000-000000000003","personal":{"sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","until":"2029-11-21T08:00:01.000000Z"},"seq":8,"sha256":null,"subject":{"id":"r-1","kind":"recording"},"time":"2026-11-22T08:00:01.500000Z","v":3}""",
            e.Canonical());
    }

    [Fact]
    public async Task Events_written_before_the_subject_moved_and_after_verify_together_and_a_subject_put_back_is_caught()
    {
        // As the access log wrote them before: the person's name in the personal part, the token's subject in the row (v2).
        await _ledger.Ledger.RecordAsync(new CustodyRecord(AccessLog.Viewed, "recording", "r-old", null, new CustodyActor("op-1", Roles.Operator, Person),
            new JsonObject { ["motif"] = "judiciaire" },
            new PersonalPart(new JsonObject { ["actor"] = new JsonObject { ["matricule"] = "123456" }, ["reason"] = "old" }, DateTimeOffset.UtcNow.AddDays(1095))),
            null, CancellationToken.None);
        await AccessLogWithDays(1095).RecordAsync(Consultation("new"), null, CancellationToken.None);
        await _ledger.AppendAsync(0);

        var old = (await _ledger.Reader.EventAsync(0, CancellationToken.None))!.Event;
        var now = (await _ledger.Reader.EventAsync(1, CancellationToken.None))!.Event;
        Assert.Equal("op-1", old.ActorSubject);
        Assert.EndsWith("\"v\":2}", old.Canonical());
        Assert.Null(now.ActorSubject);
        Assert.DoesNotContain("op-1", now.Canonical());
        var result = await _ledger.VerifyWithCliAsync();
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);

        await _ledger.AsSuperuserAsync("ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only; UPDATE custody_events SET actor_subject = 'op-2' WHERE seq = 1");
        var tampered = await _ledger.VerifyWithCliAsync();
        Assert.True(tampered.ExitCode == 1, tampered.Stdout + tampered.Stderr);
        Assert.Contains("NOT INTACT: the first event that does not match is #1.", tampered.Stdout);
    }

    [Fact]
    public async Task A_consultation_keeps_name_reason_and_recipient_apart_from_its_leaf_and_for_three_years()
    {
        var before = DateTimeOffset.UtcNow;
        await AccessLogWithDays(1095).RecordAsync(Consultation("complaint n°12"), null, CancellationToken.None);
        await _ledger.Sequencer.DrainAsync(CancellationToken.None);

        var (e, _, stored) = (await _ledger.Reader.EventAsync(0, CancellationToken.None))!;
        var leaf = e.Canonical();
        Assert.DoesNotContain("Martin", leaf);
        Assert.DoesNotContain("complaint", leaf);
        Assert.DoesNotContain("Tribunal", leaf);
        Assert.DoesNotContain("op-1", leaf);
        Assert.Contains("\"v\":3", leaf);
        Assert.Equal("""{"camera":"CAM-2","motif":"judiciaire"}""", e.Details);
        Assert.InRange(e.PersonalUntil!.Value, before.AddDays(1095).UtcDateTime.AddSeconds(-1), DateTime.UtcNow.AddDays(1095).AddSeconds(1));

        var view = PersonalView.Of(e, stored)!;
        Assert.Equal(PersonalView.Kept, view.State);
        var fields = view.Fields!.Value;
        Assert.Equal("op-1", fields.GetProperty("actor").GetProperty("subject").GetString());
        Assert.Equal("123456", fields.GetProperty("actor").GetProperty("matricule").GetString());
        Assert.Equal("Martin", fields.GetProperty("actor").GetProperty("nom").GetString());
        Assert.Equal("Brigadier", fields.GetProperty("actor").GetProperty("grade").GetString());
        Assert.Equal("complaint n°12", fields.GetProperty("reason").GetString());
        Assert.Equal("Tribunal judiciaire de Lyon", fields.GetProperty("recipient").GetString());
        // Anyone given the part can check it against the leaf: SHA-256 over the salt, then the fields as stored.
        Assert.Equal(e.PersonalSha256, PersonalPart.Commitment(Convert.FromBase64String(view.Salt!), stored.Fields!));
    }

    [Fact]
    public async Task Nothing_is_erased_before_its_term_even_when_asked_directly()
    {
        await AccessLogWithDays(1095).RecordAsync(Consultation("kept"), null, CancellationToken.None);

        Assert.Equal(0, await new PersonalErasure(_ledger.DataSource, TimeProvider.System, Options.Create(new EvidenceOptions())).EraseDueAsync(CancellationToken.None));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => _ledger.AsSuperuserAsync(
            "UPDATE ledger_personal SET fields = NULL, salt = NULL, matricule = NULL, erased_at = now()"));
        Assert.Contains("is kept until", refused.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => _ledger.AsSuperuserAsync("DELETE FROM ledger_personal"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_personal WHERE fields IS NOT NULL"));
    }

    [Fact]
    public async Task Erased_at_the_end_of_its_term_the_ledger_still_verifies_and_says_so()
    {
        await RecordPastTermAsync("old consultation");
        await AccessLogWithDays(1095).RecordAsync(Consultation("recent consultation"), null, CancellationToken.None);
        await _ledger.AppendAsync(2);

        Assert.Equal(1, await new PersonalErasure(_ledger.DataSource, TimeProvider.System, Options.Create(new EvidenceOptions())).EraseDueAsync(CancellationToken.None));

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM ledger_personal WHERE fields LIKE '%old consultation%' OR matricule IS NOT NULL AND erased_at IS NOT NULL"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_personal WHERE fields LIKE '%recent consultation%'"));
        // Nothing names the person of the erased one any more: not the token's subject either (only in the recent part).
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM ledger_personal WHERE fields LIKE '%op-1%'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM custody_events WHERE actor_subject = 'op-1'"));
        var erased = (await _ledger.Reader.EventAsync(0, CancellationToken.None))!;
        Assert.Equal(PersonalView.Erased, PersonalView.Of(erased.Event, erased.Personal)!.State);
        var result = await _ledger.VerifyWithCliAsync();
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("INTACT: 4 events", result.Stdout);
        Assert.Contains("1 events' personal data erased at the end of its term (effacé au terme de la durée de conservation)", result.Stdout);
    }

    [Theory]
    [InlineData("UPDATE ledger_personal SET fields = replace(fields, 'Martin', 'Dupont')", "does not match the commitment in its leaf (altered)")]
    [InlineData("DELETE FROM ledger_personal", "its personal data is missing without an erasure (deleted)")]
    [InlineData("UPDATE ledger_personal SET fields = NULL, salt = NULL, matricule = NULL, erased_at = now()", "erased before the end of its term")]
    public async Task Personal_data_changed_by_hand_is_caught(string tampering, string problem)
    {
        await _ledger.AppendAsync(1, checkpoint: false);
        await AccessLogWithDays(1095).RecordAsync(Consultation("to be tampered with"), null, CancellationToken.None);
        await _ledger.AppendAsync(1);

        await _ledger.AsSuperuserAsync($"ALTER TABLE ledger_personal DISABLE TRIGGER ledger_personal_erase_only; {tampering}");

        var result = await _ledger.VerifyWithCliAsync();
        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        Assert.Contains("NOT INTACT: the first event that does not match is #1.", result.Stdout);
        Assert.Contains(problem, result.Stdout);
    }

    [Fact]
    public async Task A_part_that_ends_with_its_recording_is_erased_by_its_purge_only()
    {
        var recording = Guid.NewGuid();
        await _ledger.Ledger.RecordAsync(new CustodyRecord("recording.received", "recording", recording.ToString(), null,
            new CustodyActor("dock-1", Roles.Dock), new JsonObject { ["camera"] = "CAM-9" },
            new PersonalPart(new JsonObject { ["officer"] = "O-7" }, null)), null, CancellationToken.None);

        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<PostgresException>(() => PersonalErasure.EraseForSubjectAsync(tx, "recording", recording.ToString(), CancellationToken.None));
        }
        await using (var connection = await _ledger.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await _ledger.Ledger.RecordAsync(new CustodyRecord(RetentionPurge.Purged, "recording", recording.ToString(), null,
                CustodyActor.System), tx, CancellationToken.None);
            Assert.Equal(1, await PersonalErasure.EraseForSubjectAsync(tx, "recording", recording.ToString(), CancellationToken.None));
            await tx.CommitAsync();
        }
        await _ledger.AppendAsync(0);

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM ledger_personal WHERE fields IS NOT NULL"));
        var result = await _ledger.VerifyWithCliAsync();
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("1 events' personal data erased", result.Stdout);
    }

    private AccessLog AccessLogWithDays(int days) =>
        new(_ledger.Ledger, Options.Create(new EvidenceOptions { Retention = new RetentionOptions { AccessLogDays = days } }), TimeProvider.System);

    private static AccessRecord Consultation(string reason) =>
        new(AccessLog.Viewed, new CustodyActor("op-1", Roles.Operator, Person), reason, null, "Tribunal judiciaire de Lyon",
            "recording", "r-9", null, "CAM-2") { Motif = "judiciaire" };

    /// <summary>A consultation recorded by a clock three years and a day behind, so that its term is already over.</summary>
    private async Task RecordPastTermAsync(string reason)
    {
        var past = new ShiftedClock(TimeSpan.FromDays(-1096));
        await new AccessLog(_ledger.Ledger, Options.Create(new EvidenceOptions()), past).RecordAsync(Consultation(reason), null, CancellationToken.None);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _ledger.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + shift;
    }
}
