using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Ledger;

/// <summary><c>/api/ledger</c>: checkpoints, events, inclusion and consistency proofs, and the admin's verify.</summary>
internal static class LedgerEndpoints
{
    public static void MapLedger(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ledger").WithTags("Ledger")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Magistrate, Roles.Admin);
        group.MapGet("/checkpoints", CheckpointsAsync).WithName("LedgerCheckpoints");
        group.MapPost("/checkpoints", IssueAsync).WithName("IssueLedgerCheckpoint").RequireRoles(Roles.Admin);
        group.MapGet("/events/{seq:long}", EventAsync).WithName("LedgerEvent").AddEndpointFilter<EventInScopeFilter>();
        group.MapGet("/proofs/inclusion", InclusionAsync).WithName("LedgerInclusionProof").AddEndpointFilter<EventInScopeFilter>();
        group.MapGet("/proofs/consistency", ConsistencyAsync).WithName("LedgerConsistencyProof");
        group.MapPost("/verify", VerifyAsync).WithName("VerifyLedger").RequireRoles(Roles.Admin);
    }

    private static async Task<Ok<CheckpointList>> CheckpointsAsync(
        LedgerReader reader, InstanceKeys keys, CancellationToken cancellationToken, int limit = 100)
    {
        var (size, latest) = await reader.HeadAsync(cancellationToken);
        var list = await reader.CheckpointsAsync(Math.Clamp(limit, 1, 1000), cancellationToken);
        return TypedResults.Ok(new CheckpointList(latest is null ? null : CheckpointView.Of(latest), size,
            list.Select(CheckpointView.Of).ToList(), keys.PublicPem(InstanceKeys.LedgerSigning)));
    }

    private static async Task<Results<Ok<CheckpointView>, ProblemHttpResult>> IssueAsync(
        LedgerSequencer sequencer, CheckpointIssuer issuer, CancellationToken cancellationToken)
    {
        await sequencer.DrainAsync(cancellationToken);
        return await issuer.IssueAsync(cancellationToken) is { } checkpoint
            ? TypedResults.Ok(CheckpointView.Of(checkpoint))
            : EvidenceErrors.LedgerEventNotFound.Problem("The ledger holds no event yet, so there is nothing to sign.");
    }

    /// <summary>
    /// One event, to check it against the tree: its canonical form, leaf hash and the state of its personal part, never the
    /// part's fields. This read asks no motif and is not traced; the personal data of an operation (who by name, why, for whom)
    /// is read only where reading it is itself traced: a recording's custody history (a consultation with motif and reason) and
    /// the register (admins and supervisors, each read a <c>registre.consulted</c> event).
    /// </summary>
    private static async Task<Results<Ok<LedgerEventView>, ProblemHttpResult>> EventAsync(
        long seq, LedgerReader reader, CancellationToken cancellationToken) =>
        await reader.EventAsync(seq, cancellationToken) is { } found
            ? TypedResults.Ok(LedgerEventView.Of(found.Event, found.LeafHash, found.Personal, withFields: false))
            : EvidenceErrors.LedgerEventNotFound.Problem($"No sequenced event has the number {seq}.");

    private static async Task<Results<Ok<InclusionProofView>, ProblemHttpResult>> InclusionAsync(
        long seq, LedgerReader reader, CancellationToken cancellationToken, long? size = null)
    {
        var (treeSize, latest) = await reader.HeadAsync(cancellationToken);
        var at = size ?? latest?.Size ?? treeSize;
        if (at > treeSize || seq < 0 || seq >= at)
            return EvidenceErrors.BadProofRequest.Problem($"seq must be in [0, size) and size at most the tree size {treeSize}.");
        var leaf = await reader.EventAsync(seq, cancellationToken);
        var proof = await reader.InclusionProofAsync(seq, at, cancellationToken);
        return TypedResults.Ok(new InclusionProofView(seq, at, Convert.ToBase64String(leaf!.LeafHash!),
            proof.Select(Convert.ToBase64String).ToList()));
    }

    private static async Task<Results<Ok<ConsistencyProofView>, ProblemHttpResult>> ConsistencyAsync(
        long from, long to, LedgerReader reader, CancellationToken cancellationToken)
    {
        var (treeSize, _) = await reader.HeadAsync(cancellationToken);
        if (from < 0 || from > to || to > treeSize)
            return EvidenceErrors.BadProofRequest.Problem($"Need 0 <= from <= to <= the tree size {treeSize}.");
        var proof = await reader.ConsistencyProofAsync(from, to, cancellationToken);
        return TypedResults.Ok(new ConsistencyProofView(from, to, proof.Select(Convert.ToBase64String).ToList()));
    }

    private static async Task<Ok<LedgerVerdict>> VerifyAsync(LedgerVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(cancellationToken));
}
