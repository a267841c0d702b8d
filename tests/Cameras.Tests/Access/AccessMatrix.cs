using Cameras.Evidence.Security;

namespace Cameras.Tests.Access;

/// <summary>
/// Who each operation of the OpenAPI document admits, written down once: the expected outcome of the access matrix.
/// A new operation without a row here fails <see cref="AccessMatrixTests"/>, so admitting someone is always a decision.
/// </summary>
internal static class AccessMatrix
{
    /// <summary>The roles an operation admits; <see cref="Public"/> means no token is needed. QueryToken: the token may come as ?access_token=.</summary>
    public sealed record Rule(string[] Admitted, bool QueryToken = false)
    {
        public bool IsPublic => Admitted.Length == 0;
    }

    private static readonly string[] Public = [];
    private static readonly string[] Anyone = [.. Roles.All];
    private static readonly string[] Viewers = [Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Admin];
    private static readonly string[] Custody =
        [Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Magistrate, Roles.Admin];
    /// <summary>The live wall: operators (and admins); a supervisor reviews recordings, not live feeds.</summary>
    private static readonly string[] Operators = [Roles.Operator, Roles.Admin];
    /// <summary>Case work and exports: operators, supervisors, admins.</summary>
    private static readonly string[] Reviewers = [Roles.Operator, Roles.Supervisor, Roles.Admin];
    private static readonly string[] Cases = [Roles.Operator, Roles.Supervisor, Roles.Admin, Roles.Magistrate];
    private static readonly string[] Docks = [Roles.Dock, Roles.Admin];
    private static readonly string[] Admins = [Roles.Admin];

    /// <summary>"METHOD /path" as the OpenAPI document names it → who it admits.</summary>
    public static IReadOnlyDictionary<string, Rule> Operations { get; } = new Dictionary<string, Rule>
    {
        ["GET /api/me"] = new(Anyone),
        ["GET /api/auth/config"] = new(Public),

        ["GET /api/recordings"] = new(Viewers),
        ["GET /api/recordings/{id}"] = new(Viewers),
        ["PATCH /api/recordings/{id}"] = new([Roles.Supervisor, Roles.Admin]),
        ["GET /api/recordings/{id}/media"] = new(Custody),
        ["GET /api/recordings/{id}/custody"] = new(Custody),
        ["GET /api/recordings/{id}/playback/index.m3u8"] = new(Viewers, QueryToken: true),
        ["GET /api/recordings/{id}/playback/{file}"] = new(Viewers, QueryToken: true),
        ["GET /api/recordings/{id}/thumbnails/{file}"] = new(Viewers, QueryToken: true),
        ["GET /api/recordings/{id}/holds"] = new(Custody),
        ["POST /api/recordings/{id}/holds"] = new([Roles.Officer, Roles.Supervisor, Roles.Magistrate, Roles.Admin]),
        ["DELETE /api/recordings/{id}/holds/{holdId}"] = new([Roles.Magistrate, Roles.Admin]),
        ["POST /api/retention/purge"] = new(Admins),
        ["POST /api/retention/erase"] = new(Admins),
        ["GET /api/registre"] = new([Roles.Admin, Roles.Supervisor]),

        ["GET /api/ledger/checkpoints"] = new(Custody),
        ["POST /api/ledger/checkpoints"] = new(Admins),
        ["GET /api/ledger/events/{seq}"] = new(Custody),
        ["GET /api/ledger/proofs/inclusion"] = new(Custody),
        ["GET /api/ledger/proofs/consistency"] = new(Custody),
        ["POST /api/ledger/verify"] = new(Admins),

        ["GET /api/authority.pem"] = new(Public),
        ["POST /api/exports"] = new(Reviewers),
        ["GET /api/exports"] = new(Cases),
        ["GET /api/exports/{id}"] = new(Cases),
        ["POST /api/exports/{id}/retry"] = new(Reviewers),
        ["POST /api/exports/{id}/shares"] = new(Reviewers),
        ["GET /api/exports/{id}/package"] = new([Roles.Magistrate], QueryToken: true),
        ["POST /api/cases"] = new(Reviewers),
        ["GET /api/cases"] = new(Cases),
        ["GET /api/cases/{id}"] = new(Cases),
        ["GET /api/cases/summary"] = new(Reviewers),
        ["POST /api/cases/{id}/recordings"] = new(Reviewers),
        ["GET /api/cases/{id}/holds"] = new(Reviewers),
        ["POST /api/cases/{id}/holds"] = new(Reviewers),
        ["DELETE /api/cases/{id}/holds"] = new(Reviewers),
        ["GET /api/recordings/search"] = new(Viewers),
        ["GET /api/recordings/{id}/bookmarks"] = new(Viewers),
        ["POST /api/recordings/{id}/bookmarks"] = new(Viewers),
        ["GET /api/timeline"] = new(Viewers),

        ["OPTIONS /dock/uploads"] = new(Public),
        ["OPTIONS /dock/uploads/{id}"] = new(Public),
        ["POST /dock/uploads"] = new(Docks),
        ["HEAD /dock/uploads/{id}"] = new(Docks),
        ["PATCH /dock/uploads/{id}"] = new(Docks),
        ["DELETE /dock/uploads/{id}"] = new(Docks),
        ["GET /dock/offloads/{id}/receipt"] = new(Docks),
        ["GET /dock/keys"] = new(Public),

        ["PUT /live/{feed}/{name}"] = new([Roles.Terminal]),
        ["DELETE /live/{feed}/{name}"] = new([Roles.Terminal]),
        ["GET /api/live/feeds"] = new(Operators),
        ["GET /api/live/feeds/{feed}"] = new(Operators),
        ["GET /relay/{feed}/index.m3u8"] = new(Operators, QueryToken: true),
        ["GET /relay/{feed}/ws"] = new(Operators, QueryToken: true),
        ["GET /relay/{feed}/{name}"] = new(Operators, QueryToken: true),
        ["GET /relay/{feed}/{stream}/index.m3u8"] = new(Operators, QueryToken: true),
        ["GET /relay/{feed}/{stream}/{name}"] = new(Operators, QueryToken: true),
        ["POST /terminal/keys"] = new([Roles.Terminal]),
        ["GET /terminal/push/{feed}"] = new([Roles.Terminal], QueryToken: true),
    };

    /// <summary>
    /// Routes the document leaves out (a SignalR hub is not an operation) that a browser still reaches: held to the
    /// same rule.
    /// </summary>
    public static IReadOnlyDictionary<string, Rule> Undocumented { get; } = new Dictionary<string, Rule>
    {
        ["POST /hubs/commandroom/negotiate?negotiateVersion=1"] = new(Operators, QueryToken: true),
    };

    /// <summary>
    /// A value for each path and query parameter, chosen so that an admitted caller's request changes nothing: unknown
    /// ids, a file name the live push refuses before it claims anything.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Samples { get; } = new Dictionary<string, string>
    {
        ["id"] = "0194f1a2-0000-7000-8000-00000000a11e",
        ["holdId"] = "0194f1a2-0000-7000-8000-00000000b01d",
        ["seq"] = "0",
        ["file"] = "poster.jpg",
        ["feed"] = "matrix-feed",
        ["name"] = "not..allowed",
        ["from"] = "0",
        ["to"] = "0",
        ["limit"] = "10",
        ["stream"] = "0",
    };
}
