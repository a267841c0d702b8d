using Cameras.Evidence.Custody;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Evidence.Access;

/// <summary>
/// What a modification of a recording or its data must state before it is done (CSI R241-5 as amended in 2022 traces
/// « les opérations de collecte, de modification, … » with their author, motif and date): a hold placed or lifted, a
/// bookmark, recordings added to a case, a correction of a recording's metadata. Like a consultation: a token that
/// names its agent by matricule (403 otherwise), a motif from the list of the caller's role
/// (<see cref="ConsultationMotif.For"/>), and words saying why. The motif goes into the event's leaf, the names and
/// the words into its personal part (<see cref="AccessLog.AuthorOf"/>).
/// </summary>
public static class TracedModification
{
    /// <summary>A modification as its request states it, checked: who, the motif, the words.</summary>
    public sealed record Stated(CustodyActor Actor, string Motif, string Reason);

    /// <summary>
    /// Reads and checks what <paramref name="http"/> states (motif and reason: the JSON body's when given, else query or
    /// header, <see cref="AccessReason"/>); the refusal to answer with when something is missing.
    /// </summary>
    public static (Stated? Stated, ProblemHttpResult? Refused) Read(HttpRequest http, string? bodyMotif, string? bodyReason,
        string reasonAsk, string reasonField = "reason")
    {
        var actor = CustodyActor.From(http.HttpContext.User);
        var (motif, reason) = (AccessReason.Motif(http, bodyMotif), AccessReason.Reason(http, bodyReason));
        return Check(actor, motif, reason, reasonField, reasonAsk) is { } refused
            ? (null, refused.Error.Problem(refused.Detail))
            : (new Stated(actor, motif!, reason!), null);
    }

    /// <summary>Where a modification states its motif, as a refusal tells it.</summary>
    public const string MotifWhere = $"'motif' in the JSON body, query parameter 'motif' or header {ConsultationMotif.Header}";

    public const int ReasonLength = 1000;

    /// <summary>The error to answer with, or null when <paramref name="actor"/>, <paramref name="motif"/> and <paramref name="reason"/> are all there.</summary>
    /// <param name="reasonField">the request's field that carries the words (a bookmark's are its <c>note</c>), named by a refusal</param>
    /// <param name="reasonAsk">what the words say, for the refusal's detail</param>
    public static (ErrorDescriptor Error, string Detail)? Check(CustodyActor actor, string? motif, string? reason,
        string reasonField = "reason", string reasonAsk = "say why")
    {
        if (actor != CustodyActor.System && string.IsNullOrWhiteSpace(actor.Person?.Matricule))
            return (EvidenceErrors.IdentityRequired,
                $"This token carries no matricule: the traceability register (CSI R241-5) records every modification (holds, bookmarks, cases, corrections) with the agent's matricule, nom, prénom and grade. Sign in again with a token that carries the claim '{Security.AgentClaims.MatriculeClaim}'.");
        if (ConsultationMotif.Problem(actor.Role, motif, "modification", MotifWhere) is { } problem)
            return (EvidenceErrors.MotifRequired, problem);
        if (string.IsNullOrWhiteSpace(reason))
            return (EvidenceErrors.ReasonRequired, $"Give the {reasonField}: {reasonAsk}. Every modification is logged with it.");
        if (reasonField == "reason" && reason.Length > ReasonLength)
            return (EvidenceErrors.ReasonRequired, $"The reason must be at most {ReasonLength} characters.");
        return null;
    }
}
