using System.Security.Claims;
using System.Text.Json.Nodes;
using Cameras.Evidence.Security;
using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Ingest.Offloads;

/// <summary>
/// GET /dock/offloads/{id}/receipt: the signed receipt of one docking, once every file is stored and verified
/// (409 while some are still arriving or when some failed verification; 404 for another dock's offload).
/// GET /dock/keys: the keys that verify it.
/// </summary>
internal static class OffloadEndpoints
{
    public static void MapOffloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dock").WithTags("Dock receipts");
        group.MapGet("/offloads/{id}/receipt", ReceiptAsync).RequireRoles(Roles.Dock, Roles.Admin);
        group.MapGet("/keys", Keys).AllowAnonymous();
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ReceiptAsync(
        string id, ClaimsPrincipal user, UploadStore store, InstanceKeys keys, CancellationToken cancellationToken)
    {
        // An offload belongs to the dock that opened it (admin reaches all): to any other it does not exist, so one
        // dock neither reads another's receipt (files, officer, camera) nor learns that it exists.
        var identity = IdentityEndpoints.Of(user);
        var owner = await store.OffloadOwnerAsync(id, cancellationToken);
        if (owner is null || (owner != identity.Subject && identity.Role != Roles.Admin))
            return IngestErrors.OffloadNotFound.Problem($"No file was docked under offload '{id}'.");
        var files = (await store.OfOffloadAsync(id, cancellationToken)).Where(u => !u.IsPartial).ToList();
        if (files.Count == 0) return IngestErrors.OffloadNotFound.Problem($"No file was docked under offload '{id}'.");
        var quarantined = files.Where(f => f.State == UploadState.Quarantined).ToList();
        if (quarantined.Count > 0)
        {
            var names = quarantined.Select(f => f.Dock.Filename ?? f.Id.ToString()).ToList();
            var problem = IngestErrors.OffloadQuarantined.Problem(
                $"{quarantined.Count} file(s) arrived different from what the camera hashed and are quarantined: {string.Join(", ", names)}. Do not wipe the camera.");
            problem.ProblemDetails.Extensions["quarantined"] = names;
            return problem;
        }
        var pending = files.Count(f => f.State != UploadState.Stored);
        if (pending > 0) return IngestErrors.OffloadIncomplete.Problem($"{pending} of {files.Count} file(s) are not stored yet.");
        var receipt = Receipt(id, files);
        return TypedResults.Ok(ReceiptSignature.Sign(receipt, keys.Get(InstanceKeys.ReceiptSigning), keys.KeyId(InstanceKeys.ReceiptSigning)));
    }

    private static JsonObject Receipt(string offload, IReadOnlyList<Upload> files)
    {
        var array = new JsonArray();
        foreach (var f in files.OrderBy(f => f.Dock.Filename, StringComparer.Ordinal).ThenBy(f => f.Id))
            array.Add(new JsonObject
            {
                ["filename"] = f.Dock.Filename, ["size"] = f.Length, ["sha256"] = f.Sha256, ["recording"] = f.RecordingId?.ToString(),
                ["upload"] = f.Id.ToString(), ["camera"] = f.Dock.Camera, ["officer"] = f.Dock.Officer, ["station"] = f.Dock.Station,
                ["recorded_at"] = f.Dock.RecordedAt?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
                ["received_at"] = f.CompletedAt?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            });
        return new JsonObject
        {
            ["type"] = "cameras.offload-receipt",
            ["version"] = 1,
            ["offload"] = offload,
            ["files"] = array,
            ["total_files"] = files.Count,
            ["total_bytes"] = files.Sum(f => f.Length ?? 0),
            ["completed_at"] = files.Max(f => f.CompletedAt)?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        };
    }

    private static Ok<JsonObject> Keys(InstanceKeys keys)
    {
        var key = keys.Get(InstanceKeys.ReceiptSigning);
        var p = key.ExportParameters(includePrivateParameters: false);
        var kid = keys.KeyId(InstanceKeys.ReceiptSigning);
        return TypedResults.Ok(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kid"] = kid, ["use"] = "receipt", ["alg"] = ReceiptSignature.Algorithm,
                ["pem"] = keys.PublicPem(InstanceKeys.ReceiptSigning),
                ["jwk"] = new JsonObject
                {
                    ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = kid, ["alg"] = ReceiptSignature.Algorithm, ["use"] = "sig",
                    ["x"] = Base64Url(p.Q.X!), ["y"] = Base64Url(p.Q.Y!),
                },
            }),
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
