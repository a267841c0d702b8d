using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Tests.Ledger;
using Cameras.Evidence.Security;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Tests.Access;

/// <summary>The access log's rules: a reason for every access, a procedure number for extractions and disclosures.</summary>
public sealed class AccessLogTests : IAsyncLifetime
{
    private LedgerHarness _ledger = null!;

    public async Task InitializeAsync() => _ledger = await LedgerHarness.CreateAsync();

    public async Task DisposeAsync() => await _ledger.DisposeAsync();

    private AccessLog NewAccessLog() => new(_ledger.Ledger, Options.Create(new EvidenceOptions()), TimeProvider.System);

    private static AccessRecord Record(string action, string? reason, string? procedure) =>
        new(action, new CustodyActor("op-3", "operator", new AgentClaims("M-3", "Martin")), reason, procedure, "Tribunal judiciaire de Lyon", "recording", "r-9", null, "CAM-2");

    [Theory]
    [InlineData(AccessLog.Viewed, null, null, "reason-required")]
    [InlineData(AccessLog.Viewed, "  ", "PV-1", "reason-required")]
    [InlineData(AccessLog.Extracted, "for the hearing", null, "procedure-required")]
    [InlineData(AccessLog.Disclosed, "for the hearing", " ", "procedure-required")]
    [InlineData(AccessLog.Disclosed, "for the hearing", "PV-1", "motif-required")]
    public async Task Incomplete_accesses_are_refused_and_nothing_is_logged(string action, string? reason, string? procedure, string code)
    {
        var record = Record(action, reason, procedure);

        Assert.Equal(code, AccessLog.Check(record)!.Value.Error.Code);
        await Assert.ThrowsAsync<ArgumentException>(() => NewAccessLog().RecordAsync(record, null, CancellationToken.None));
        await _ledger.Sequencer.DrainAsync(CancellationToken.None);
        Assert.Equal(0, (await _ledger.Reader.HeadAsync(CancellationToken.None)).Size);
    }

    [Fact]
    public async Task An_extraction_logs_who_why_procedure_recipient_item_and_camera()
    {
        await NewAccessLog().RecordAsync(Record(AccessLog.Extracted, "sealed for the hearing", "PV-2026-17"), null, CancellationToken.None);
        await _ledger.Sequencer.DrainAsync(CancellationToken.None);

        var (e, _, personal) = (await _ledger.Reader.EventAsync(0, CancellationToken.None))!;
        // The token's subject is the person's too: in the personal part, not the row (leaf version 3).
        Assert.Equal((AccessLog.Extracted, null, "operator", "recording", "r-9"), (e.Action, e.ActorSubject, e.ActorRole, e.SubjectKind, e.SubjectId));
        Assert.Equal("""{"camera":"CAM-2","procedure":"PV-2026-17"}""", e.Details);
        Assert.Equal("""{"actor":{"matricule":"M-3","nom":"Martin","subject":"op-3"},"reason":"sealed for the hearing","recipient":"Tribunal judiciaire de Lyon"}""",
            personal.Fields);
    }
}
