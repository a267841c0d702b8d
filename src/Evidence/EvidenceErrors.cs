using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence;

/// <summary>The errors the evidence API can answer with.</summary>
public static class EvidenceErrors
{
    public static readonly ErrorDescriptor RecordingNotFound = new("recording-not-found", StatusCodes.Status404NotFound, "No such recording");
    public static readonly ErrorDescriptor BadFilter = new("bad-filter", StatusCodes.Status400BadRequest, "Invalid filter");
    public static readonly ErrorDescriptor LedgerEventNotFound = new("ledger-event-not-found", StatusCodes.Status404NotFound, "No such ledger event");
    public static readonly ErrorDescriptor BadProofRequest = new("bad-proof-request", StatusCodes.Status400BadRequest, "Invalid proof request");
    public static readonly ErrorDescriptor ReasonRequired = new("reason-required", StatusCodes.Status400BadRequest, "A reason is required");
    public static readonly ErrorDescriptor MotifRequired = new("motif-required", StatusCodes.Status400BadRequest, "A motif is required");
    public static readonly ErrorDescriptor ProcedureRequired = new("procedure-required", StatusCodes.Status400BadRequest, "A procedure number is required");
    public static readonly ErrorDescriptor IdentityRequired = new("agent-identity-required", StatusCodes.Status403Forbidden,
        "The token does not say who the agent is");
    public static readonly ErrorDescriptor RecordingPurged = new("recording-purged", StatusCodes.Status410Gone, "Recording purged");
    public static readonly ErrorDescriptor BadRange = new("bad-range", StatusCodes.Status416RangeNotSatisfiable, "Range not satisfiable");
    public static readonly ErrorDescriptor BadEdit = new("bad-recording-edit", StatusCodes.Status400BadRequest, "Invalid correction");
    public static readonly ErrorDescriptor HoldNotFound = new("hold-not-found", StatusCodes.Status404NotFound, "No such legal hold");
}
