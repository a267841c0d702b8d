using System.Text.Json;
using System.Text.Json.Nodes;
using Cameras.Evidence.Security;

namespace Cameras.TestSupport;

/// <summary>
/// A test checking what a recording's custody history holds reads it as an administrator would. Reading it is itself a
/// consultation (motif and reason, a <c>recording.viewed</c> event): that one view by <see cref="Reader"/> is left out of
/// what is returned, so the test sees only what it did.
/// </summary>
public static class CustodyReading
{
    public const string Reader = "custody-check";
    public const string Query = "motif=administratif&reason=v%C3%A9rification%20du%20test";

    /// <summary>
    /// SQL for the token subject of who did a custody_events row: the row's, or (leaf version 3, a person's) the one in its
    /// personal part while kept.
    /// </summary>
    public const string ActorSubjectSql =
        "coalesce(actor_subject, (SELECT lp.fields::jsonb->'actor'->>'subject' FROM ledger_personal lp WHERE lp.event_id = custody_events.id))";

    public static async Task<JsonElement> CustodyAsync(this TestServer server, Guid recording)
    {
        using var admin = server.ClientFor(Roles.Admin, Reader);
        var history = JsonNode.Parse(await admin.GetStringAsync($"/api/recordings/{recording}/custody?{Query}"))!;
        var events = history["events"]!.AsArray();
        foreach (var own in events.Where(e => e!["event"]!["actorSubject"]?.GetValue<string>() == Reader).ToList()) events.Remove(own);
        return JsonSerializer.Deserialize<JsonElement>(history.ToJsonString());
    }
}
