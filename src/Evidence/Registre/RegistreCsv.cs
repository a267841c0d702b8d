using System.Globalization;
using System.Text;

namespace Cameras.Evidence.Registre;

/// <summary>
/// The register as CSV (RFC 4180, UTF-8 with a BOM and ';' as separator so that a French spreadsheet opens it as
/// columns), written row by row as the query streams: millions of rows never sit in memory. A cell that a
/// spreadsheet would take for a formula (=, +, -, @, tab, CR) is prefixed with a quote, so that a reason typed by a
/// user cannot run as one on the inspector's machine.
/// </summary>
public static class RegistreCsv
{
    public const string ContentType = "text/csv";

    private static readonly string[] Header =
    [
        "n° événement", "date (UTC)", "type d'opération", "action", "matricule", "nom", "prénom", "grade", "service",
        "sujet du jeton", "rôle", "motif", "motif (texte)", "destinataire", "service destinataire", "n° de procédure", "objet", "identifiant",
        "caméra", "données personnelles",
    ];

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<RegistreEntry> entries, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(Header));
        var rows = 0;
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line([
                e.Seq.ToString(CultureInfo.InvariantCulture), e.Time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
                e.Kind, e.Action, e.Matricule, e.Nom, e.Prenom, e.Grade, e.Service, e.ActorSubject, e.ActorRole, e.Motif, e.Reason,
                e.Recipient, e.RecipientService, e.Procedure, e.SubjectKind, e.SubjectId, e.Camera, e.Erased ? "effacées au terme de la durée de conservation" : "",
            ]));
            if (++rows % 1000 == 0) await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    private static string Line(IEnumerable<string?> cells) => string.Join(';', cells.Select(Cell)) + "\r\n";

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
