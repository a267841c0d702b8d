using System.Security.Claims;
using Cameras.Evidence.Security;
using Dapper;

namespace Cameras.Evidence.Access;

/// <summary>
/// What one caller may see, decided once per request from the token, and applied as a condition inside the SQL of every
/// query over recordings (their media, playback files, thumbnails, legal holds), custody events, cases and exports. What
/// is out of reach is never read, so it answers exactly as what does not exist (404): ids do not leak.
/// <list type="bullet">
/// <item>operator, supervisor, admin: everything;</item>
/// <item>officer: the recordings whose officer is the token's subject, and the events about them;</item>
/// <item>magistrate: the exports shared with them, the recordings inside those while the share runs, the cases that name
/// them, and the events about these;</item>
/// <item>any other role (dock, terminal): nothing.</item>
/// </list>
/// The conditions read the parameters <see cref="SubjectParameter"/> and <see cref="NowParameter"/>: bind them with
/// <see cref="Parameters"/>.
/// </summary>
public sealed class AccessScope
{
    public const string SubjectParameter = "scope_subject";
    /// <summary>The host's time (its <see cref="TimeProvider"/>), against which a share's expiry is read.</summary>
    public const string NowParameter = "scope_now";

    private enum Reach { Everything, OwnRecordings, Shared, Nothing }

    private readonly Reach _reach;

    private AccessScope(Reach reach, string subject)
    {
        _reach = reach;
        Subject = subject;
    }

    /// <summary>The server's own work on behalf of a request already admitted (building an export, a purge).</summary>
    public static AccessScope Everything { get; } = new(Reach.Everything, "");

    /// <summary>Whether every condition is "true" (operators, admins): a check can be skipped.</summary>
    public bool IsEverything => _reach == Reach.Everything;

    /// <summary>The token's subject, which the conditions compare with.</summary>
    public string Subject { get; }

    public static AccessScope Of(ClaimsPrincipal user)
    {
        var identity = IdentityEndpoints.Of(user);
        return identity.Role switch
        {
            Roles.Operator or Roles.Supervisor or Roles.Admin => Everything,
            Roles.Officer => new(Reach.OwnRecordings, identity.Subject),
            Roles.Magistrate => new(Reach.Shared, identity.Subject),
            _ => new(Reach.Nothing, identity.Subject),
        };
    }

    /// <summary>A condition on the row <paramref name="alias"/> of <c>recordings</c>.</summary>
    public string Recordings(string alias) => _reach switch
    {
        Reach.Everything => "true",
        Reach.OwnRecordings => $"{alias}.officer = @{SubjectParameter}",
        // The share's expiry ends the access to the media too, not only to the package.
        Reach.Shared => $"""
            {alias}.id IN (SELECT scope_item.recording_id FROM export_items scope_item
                JOIN export_shares scope_share ON scope_share.export_id = scope_item.export_id
                WHERE scope_share.magistrate = @{SubjectParameter} AND scope_share.expires_at > @{NowParameter})
            """,
        _ => "false",
    };

    /// <summary>
    /// A condition on the row <paramref name="alias"/> of <c>exports</c>: a magistrate keeps seeing an expired share, until
    /// its names are erased (<see cref="Retention.PersonalErasure.EraseNamesAsync"/>): a NULL magistrate matches nobody.
    /// </summary>
    public string Exports(string alias) => _reach switch
    {
        Reach.Everything => "true",
        Reach.Shared => $"{alias}.id IN (SELECT export_id FROM export_shares WHERE magistrate = @{SubjectParameter})",
        _ => "false",
    };

    /// <summary>A condition on the row <paramref name="alias"/> of <c>cases</c>.</summary>
    public string Cases(string alias) => _reach switch
    {
        Reach.Everything => "true",
        Reach.Shared => $"{alias}.id IN (SELECT case_id FROM case_viewers WHERE subject = @{SubjectParameter})",
        _ => "false",
    };

    /// <summary>A condition on the row <paramref name="alias"/> of <c>custody_events</c>: events about what is in reach.</summary>
    public string Events(string alias) => _reach switch
    {
        Reach.Everything => "true",
        Reach.Nothing => "false",
        _ => $"""
            ({alias}.subject_kind = 'recording' AND {alias}.subject_id IN (SELECT scope_r.id::text FROM recordings scope_r WHERE {Recordings("scope_r")})
             OR {alias}.subject_kind = 'export' AND {alias}.subject_id IN (SELECT scope_x.id::text FROM exports scope_x WHERE {Exports("scope_x")})
             OR {alias}.subject_kind = 'case' AND {alias}.subject_id IN (SELECT scope_c.id::text FROM cases scope_c WHERE {Cases("scope_c")}))
            """,
    };

    /// <summary>The query's own <paramref name="values"/> (an object as Dapper takes it) with the scope's subject and time.</summary>
    public DynamicParameters Parameters(TimeProvider clock, object? values = null)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add(SubjectParameter, Subject);
        parameters.Add(NowParameter, clock.GetUtcNow());
        return parameters;
    }
}
