using System.Security.Claims;
using Cameras.Evidence.Security;
using Cameras.Ingest.Uploads;

namespace Cameras.Ingest.Tus;

/// <summary>An upload belongs to the subject that created it (a dock); admin reaches all. To anyone else it does
/// not exist (404), so upload URLs reveal nothing across docks.</summary>
internal static class UploadAccess
{
    public static bool Allows(ClaimsPrincipal user, Upload upload)
    {
        var identity = IdentityEndpoints.Of(user);
        return identity.Role == Roles.Admin || identity.Subject == upload.CreatedBy;
    }
}
