using System.Text.Json.Nodes;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;

namespace Cameras.Evidence.Access;

/// <summary>
/// The personal part of a traced operation (R241-5): the author's identity (their token's subject, and the matricule, nom,
/// prénom, grade and service the token carries), the free-text reason, the recipient. Kept for
/// Cameras:Retention:AccessLogDays from the operation, then erased (<see cref="Retention.PersonalErasure"/>). The subject
/// names the person as surely as the matricule does, so it is here and not in the leaf (<see cref="PersonalPart.ActorSubject"/>).
/// </summary>
public static class TracedPersonal
{
    public const string Actor = "actor", Reason = "reason", Recipient = "recipient", RecipientService = "recipient_service";

    /// <summary>The subjects a case opens to (<c>case.opened</c>): magistrates, named by their token's subject.</summary>
    public const string Viewers = "viewers";

    /// <param name="recipientService">the service or unit the data go to (« le service ou l'unité destinataire »)</param>
    public static PersonalPart For(CustodyActor actor, string? reason, string? recipient, DateTimeOffset until, string? recipientService = null)
    {
        var fields = new JsonObject();
        if (actor != CustodyActor.System)
        {
            var identity = new JsonObject { [PersonalPart.SubjectField] = actor.Subject };
            foreach (var (name, value) in actor.Person?.All ?? [])
                if (value is not null) identity[name] = value;
            fields[Actor] = identity;
        }
        if (!string.IsNullOrWhiteSpace(reason)) fields[Reason] = reason.Trim();
        if (!string.IsNullOrWhiteSpace(recipient)) fields[Recipient] = recipient.Trim();
        if (!string.IsNullOrWhiteSpace(recipientService)) fields[RecipientService] = recipientService.Trim();
        return new PersonalPart(fields, until);
    }
}
