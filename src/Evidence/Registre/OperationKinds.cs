namespace Cameras.Evidence.Registre;

/// <summary>
/// The five kinds of traced operation the law names (CSI R241-5 as amended in 2022; R241-14 words them: « collecte,
/// modification, consultation, communication et effacement »), and which ledger actions fall under each.
/// </summary>
public static class OperationKinds
{
    public const string Collecte = "collecte", Modification = "modification", Consultation = "consultation",
        Communication = "communication", Effacement = "effacement";

    public static IReadOnlyList<string> All { get; } = [Collecte, Modification, Consultation, Communication, Effacement];

    /// <summary>Ledger action → kind. An action not listed (processing steps, ledger housekeeping) is no traced operation.</summary>
    public static IReadOnlyDictionary<string, string> ByAction { get; } = new Dictionary<string, string>
    {
        ["recording.received"] = Collecte,
        ["recording.assembled"] = Collecte,
        ["live.feed.started"] = Collecte,
        ["hold.placed"] = Modification,
        ["hold.lifted"] = Modification,
        ["bookmark.added"] = Modification,
        ["case.recordings.added"] = Modification,
        ["recording.edited"] = Modification,
        ["recording.viewed"] = Consultation,
        ["feed.viewed"] = Consultation,
        ["recording.extracted"] = Communication,
        ["export.shared"] = Communication,
        ["export.disclosed"] = Communication,
        ["recording.purged"] = Effacement,
        ["derivative.deleted"] = Effacement,
        ["live.feed.purged"] = Effacement,
        ["quarantine.purged"] = Effacement,
        ["live.segments.deleted"] = Effacement,
    };

    public static IEnumerable<string> ActionsOf(string kind) => ByAction.Where(p => p.Value == kind).Select(p => p.Key);
}
