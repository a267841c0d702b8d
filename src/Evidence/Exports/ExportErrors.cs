using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence.Exports;

/// <summary>The errors the case and export API can answer with (besides <see cref="EvidenceErrors"/>).</summary>
public static class ExportErrors
{
    public static readonly ErrorDescriptor ExportNotFound = new("export-not-found", StatusCodes.Status404NotFound, "No such export");
    public static readonly ErrorDescriptor CaseNotFound = new("case-not-found", StatusCodes.Status404NotFound, "No such case");
    public static readonly ErrorDescriptor NoRecordings = new("no-recordings", StatusCodes.Status400BadRequest, "No recordings chosen");
    public static readonly ErrorDescriptor BadExportRequest = new("bad-export-request", StatusCodes.Status400BadRequest, "Invalid export request");
    public static readonly ErrorDescriptor LinkExpired = new("link-expired", StatusCodes.Status410Gone, "Download link expired");
    public static readonly ErrorDescriptor NotFailed = new("export-not-failed", StatusCodes.Status409Conflict, "Export has not failed");
    public static readonly ErrorDescriptor AnonymisedCopyRequired = new("anonymised-copy-required", StatusCodes.Status409Conflict,
        "A training export needs anonymised copies");
    public static readonly ErrorDescriptor NotSealed = new("export-not-sealed", StatusCodes.Status409Conflict, "Export not sealed yet");
}
