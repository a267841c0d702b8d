namespace Cameras.Evidence.Access;

/// <summary>
/// The motif of a consultation (R241-5 of the Code de la sécurité intérieure asks the register to say why a recording
/// was consulted): one of four categories for the staff who review recordings, and for an agent (the officer role)
/// one of the four purposes L241-1 lets an agent consult their own recordings for. A modification (a hold, a
/// bookmark, a correction) states its motif from the same lists, so a page asks once for both.
/// </summary>
public static class ConsultationMotif
{
    public const string Header = "X-Motif";

    public const string Judiciaire = "judiciaire", Pedagogique = "pedagogique";

    public static IReadOnlyList<string> Staff { get; } = [Judiciaire, "administratif", "disciplinaire", Pedagogique];

    public static IReadOnlyList<string> OfficerPurposes { get; } =
        ["recherche_auteurs", "prevention_ordre_public", "secours_personnes", "compte_rendu"];

    /// <summary>The motifs a caller of <paramref name="role"/> may give.</summary>
    public static IReadOnlyList<string> For(string role) => role == Security.Roles.Officer ? OfficerPurposes : Staff;

    /// <summary>Null when <paramref name="motif"/> is one <paramref name="role"/> may give, else the detail to answer with.</summary>
    /// <param name="operation">what is asked for, as the detail names it: a consultation, or a modification (<see cref="TracedModification"/>)</param>
    /// <param name="where">where the request puts the motif</param>
    public static string? Problem(string role, string? motif, string operation = "consultation",
        string where = $"query parameter 'motif' or header {Header}")
    {
        var allowed = For(role);
        if (string.IsNullOrWhiteSpace(motif))
            return $"Give the motif of this {operation} ({where}): one of {string.Join(", ", allowed)}. Every {operation} is logged with it.";
        if (!allowed.Contains(motif))
            return role == Security.Roles.Officer
                ? $"An agent may consult their recordings only for one of the purposes L241-1 allows: motif must be one of {string.Join(", ", allowed)}."
                : $"motif must be one of {string.Join(", ", allowed)}.";
        return null;
    }
}
