using System.Globalization;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Ledger;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;

namespace Cameras.Evidence.Registre;

/// <summary>
/// The register's report for an inspection or a CNIL request: the entries a filter selects, drawn from the ledger
/// up to one signed checkpoint (whose note the report reproduces, so that each entry's inclusion can be proven
/// against it with <c>GET /api/ledger/proofs/inclusion?seq=N&amp;size=S</c>), in a PDF signed by the export authority.
/// A PDF is built in memory: it holds at most <see cref="MaxEntries"/> entries (the CSV has no such bound).
/// </summary>
public sealed class RegistreReport(RegistreStore store, LedgerReader ledger, CheckpointIssuer issuer, LedgerSequencer sequencer,
    ExportAuthority authority, TimeProvider clock)
{
    public const string ContentType = "application/pdf";
    public const int MaxEntries = 5000;

    // The server runs with invariant globalization (no ICU): French month names are written out here.
    private static readonly string[] Months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static readonly (string Title, double Width)[] Columns =
    [
        ("N°", 34), ("Date et heure (Paris)", 70), ("Opération", 58), ("Agent (matricule, nom, prénom, grade)", 150), ("Service", 70),
        ("Motif", 130), ("Destinataire", 80), ("Procédure", 55), ("Objet (caméra)", 115),
    ];

    /// <summary>The entries of the report, or null when more than <see cref="MaxEntries"/> match (narrow the filter or take the CSV).</summary>
    public async Task<byte[]?> BuildAsync(RegistreFilter filter, string requestedBy, CancellationToken cancellationToken)
    {
        // Everything recorded so far is sequenced and covered by a fresh checkpoint, which the report names.
        await sequencer.DrainAsync(cancellationToken);
        var checkpoint = await issuer.IssueAsync(cancellationToken) ?? (await ledger.HeadAsync(cancellationToken)).Latest;
        var entries = new List<RegistreEntry>();
        await foreach (var e in store.AllAsync(filter with { Before = checkpoint?.Size ?? 0 }, cancellationToken))
        {
            if (entries.Count == MaxEntries) return null;
            entries.Add(e);
        }
        ReportFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = "Registre de traçabilité — caméras individuelles";
        document.Info.Creator = "Cameras";
        // One instant for the date printed on the report and the one in its signature.
        var now = clock.GetUtcNow();
        new ReportWriter(document, now).Write(filter, requestedBy, checkpoint, entries);
        DigitalSignatureHandler.ForDocument(document, new ReportSigner(authority, now), new DigitalSignatureOptions
        {
            Reason = "Extrait du registre de traçabilité (CSI R241-5)",
            Location = "Cameras",
            AppName = "Cameras",
            Rectangle = new XRect(0, 0, 0, 0),
        });
        using var output = new MemoryStream();
        await document.SaveAsync(output);
        return output.ToArray();
    }

    /// <summary>Lays the report out on A4 landscape pages: a header with the checkpoint, then the entries as a table.</summary>
    private sealed class ReportWriter(PdfDocument document, DateTimeOffset now)
    {
        private const double Margin = 28, RowHeight = 11;
        private readonly XFont _title = new(ReportFonts.Family, 13, XFontStyleEx.Bold);
        private readonly XFont _bold = new(ReportFonts.Family, 7, XFontStyleEx.Bold);
        private readonly XFont _text = new(ReportFonts.Family, 7, XFontStyleEx.Regular);
        private XGraphics _g = null!;
        private double _y;

        public void Write(RegistreFilter filter, string requestedBy, Checkpoint? checkpoint, IReadOnlyList<RegistreEntry> entries)
        {
            NewPage();
            _g.DrawString("Registre de traçabilité des caméras individuelles (CSI art. R241-5)", _title, XBrushes.Black, Margin, _y);
            _y += 18;
            Line($"Édité le {Local(now.UtcDateTime)} à la demande de {requestedBy}. Filtre : {Describe(filter)}. {entries.Count} entrée(s).");
            Line(checkpoint is null
                ? "Le journal ne contient encore aucun point de contrôle signé."
                : $"Tiré du journal de garde au point de contrôle de taille {checkpoint.Size}, racine {Convert.ToBase64String(checkpoint.RootHash)}, " +
                  $"émis le {Local(checkpoint.IssuedAt.UtcDateTime)} (clé {checkpoint.KeyId}).");
            Line("Chaque entrée se vérifie contre ce point de contrôle : GET /api/ledger/proofs/inclusion?seq=N&size=TAILLE (RFC 6962).");
            Line("Les données personnelles sont effacées au terme de leur durée de conservation (trois ans) ; l'entrée le signale alors.");
            if (checkpoint is not null)
                foreach (var noteLine in checkpoint.Note.TrimEnd('\n').Split('\n')) Line("    " + noteLine);
            _y += 6;
            Header();
            foreach (var e in entries) Row(e);
        }

        private void NewPage()
        {
            var page = document.AddPage();
            page.Orientation = PdfSharp.PageOrientation.Landscape;
            page.Size = PdfSharp.PageSize.A4;
            _g?.Dispose();
            _g = XGraphics.FromPdfPage(page);
            _y = Margin + 10;
            _g.DrawString($"Page {document.PageCount}", _text, XBrushes.Gray, page.Width.Point - Margin - 30, page.Height.Point - 14);
        }

        private void Line(string text)
        {
            _g.DrawString(text, _text, XBrushes.Black, Margin, _y);
            _y += RowHeight;
        }

        private void Header()
        {
            Cells(Columns.Select(c => c.Title).ToArray(), _bold);
            _g.DrawLine(XPens.Black, Margin, _y - RowHeight + 3, Margin + Columns.Sum(c => c.Width), _y - RowHeight + 3);
        }

        private void Row(RegistreEntry e)
        {
            if (_y > document.Pages[^1].Height.Point - Margin - RowHeight)
            {
                NewPage();
                Header();
            }
            var agent = e.Erased
                ? "effacé au terme de la durée de conservation"
                : string.Join(" ", new[] { e.Matricule, e.Nom, e.Prenom, e.Grade }.Where(v => v is not null)) is { Length: > 0 } named
                    ? named : $"{e.ActorRole} {e.ActorSubject}";
            var motif = e.Erased ? e.Motif ?? "" : string.Join(" — ", new[] { e.Motif, e.Reason }.Where(v => !string.IsNullOrEmpty(v)));
            Cells([e.Seq.ToString(CultureInfo.InvariantCulture), Local(e.Time), $"{e.Kind} ({e.Action})", agent, e.Erased ? "" : e.Service ?? "",
                motif, e.Erased ? "" : Recipient(e), e.Procedure ?? "", $"{e.SubjectKind} {e.SubjectId}{(e.Camera is null ? "" : $" ({e.Camera})")}"], _text);
        }

        private void Cells(string[] values, XFont font)
        {
            var x = Margin;
            for (var i = 0; i < Columns.Length; i++)
            {
                _g.DrawString(Fit(values[i], font, Columns[i].Width - 3), font, XBrushes.Black, x, _y);
                x += Columns[i].Width;
            }
            _y += RowHeight;
        }

        /// <summary>Cuts a value to its column, with an ellipsis: the CSV keeps every value whole.</summary>
        private string Fit(string value, XFont font, double width)
        {
            if (_g.MeasureString(value, font).Width <= width) return value;
            var cut = value.Length;
            while (cut > 1 && _g.MeasureString(value[..cut] + "…", font).Width > width) cut--;
            return value[..cut] + "…";
        }

        /// <summary>The recipient and, in brackets, their service (« destinataire » and its service or unit).</summary>
        private static string Recipient(RegistreEntry e) => (e.Recipient, e.RecipientService) switch
        {
            (null, null) => "",
            (var who, null) => who!,
            (null, var service) => service!,
            var (who, service) => $"{who} ({service})",
        };

        private static string Local(DateTime utc)
        {
            var t = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris);
            return $"{t.Day} {Months[t.Month - 1]} {t.Year} {t.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}";
        }

        private static string Describe(RegistreFilter f)
        {
            var parts = new List<string>();
            if (f.Matricule is not null) parts.Add($"matricule {f.Matricule}");
            if (f.Recording is not null) parts.Add($"enregistrement {f.Recording}");
            if (f.Camera is not null) parts.Add($"caméra {f.Camera}");
            if (f.Procedure is not null) parts.Add($"procédure {f.Procedure}");
            if (f.Kind is not null) parts.Add($"opérations de {f.Kind}");
            if (f.From is { } from) parts.Add($"du {Local(from.UtcDateTime)}");
            if (f.To is { } to) parts.Add($"au {Local(to.UtcDateTime)}");
            return parts.Count == 0 ? "tout le registre" : string.Join(", ", parts);
        }
    }
}
