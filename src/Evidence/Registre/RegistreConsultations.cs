using System.Globalization;
using System.Text.Json.Nodes;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Microsoft.Extensions.Options;

namespace Cameras.Evidence.Registre;

/// <summary>
/// Each read of the register (a JSON page, the CSV, the signed report) is itself traced, before anything is read: the
/// register holds who consulted what and why, so reading it is a consultation of personal data. One
/// <c>registre.consulted</c> event about the subject <c>registre</c>: the format and the filter in its leaf, the reader
/// and the person looked up (a matricule names someone) in its personal part, erased after Cameras:Retention:AccessLogDays
/// like every other. It is not itself an entry of the register (no recording's data is read), so reading the register
/// does not change what the next read shows.
/// </summary>
public sealed class RegistreConsultations(ICustodyLedger ledger, IOptions<EvidenceOptions> options, TimeProvider clock)
{
    public const string Consulted = "registre.consulted";

    /// <summary>The personal field naming whom the reader looked up, when the filter names a matricule.</summary>
    public const string Sought = "matricule_sought";

    public const string Json = "json", Csv = "csv", Pdf = "pdf";

    public Task<Guid> RecordAsync(CustodyActor reader, RegistreFilter filter, string format, CancellationToken cancellationToken)
    {
        var details = new JsonObject { ["format"] = format };
        if (format == Json) details["limit"] = filter.Limit;
        void Add(string name, string? value) { if (value is not null) details[name] = value; }
        Add("kind", filter.Kind);
        Add("recording", filter.Recording);
        Add("camera", filter.Camera);
        Add("procedure", filter.Procedure);
        Add("from", filter.From?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("to", filter.To?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (format == Json && filter.Before is { } before) details["before"] = before;
        var part = TracedPersonal.For(reader, null, null, clock.GetUtcNow().AddDays(options.Value.Retention.AccessLogDays));
        if (filter.Matricule is { } sought) part.Fields[Sought] = sought;
        return ledger.RecordAsync(new CustodyRecord(Consulted, "registre", "registre", null, reader, details, part), null, cancellationToken);
    }
}
