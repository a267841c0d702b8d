using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;

namespace Cameras.Evidence.Access;

/// <summary>
/// The personal part of a traced operation (R241-5): the author's identity, the free-text reason, the recipient.
/// Kept for Cameras:Retention:AccessLogDays from the operation, then erased (<see cref="Retention.PersonalErasure"/>).
/// </summary>
public static class TracedPersonal
{
    public const string Actor = "actor", Reason = "reason", Recipient = "recipient", RecipientService = "recipient_service";

    /// <param name="recipientService">the service or unit the data go to (« le service ou l'unité destinataire »)</param>
    public static PersonalPart For(CustodyActor actor, string? reason, string? recipient, DateTimeOffset until, string? recipientService = null)
    {
        var fields = new JsonObject();
        if (actor.Person is { } person)
        {
            var identity = new JsonObject();
            foreach (var (name, value) in person.All)
                if (value is not null) identity[name] = value;
            fields[Actor] = identity;
        }
        if (!string.IsNullOrWhiteSpace(reason)) fields[Reason] = reason.Trim();
        if (!string.IsNullOrWhiteSpace(recipient)) fields[Recipient] = recipient.Trim();
        if (!string.IsNullOrWhiteSpace(recipientService)) fields[RecipientService] = recipientService.Trim();
        return new PersonalPart(fields, until);
    }
}
