using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace Cameras.Evidence.Registre;

/// <summary>
/// PDFsharp's Core build finds no system fonts by itself: the report uses the Segoe WP faces that ship inside the
/// PDFsharp package, whatever the server has installed, so every report looks the same on every node.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Family = "Segoe WP";
    private const string Regular = "SegoeWP", Bold = "SegoeWP-Bold";

    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp keeps it in a global).</summary>
    public static void Install()
    {
        lock (Gate)
            if (GlobalFontSettings.FontResolver is not ReportFonts) GlobalFontSettings.FontResolver = new ReportFonts();
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[]? GetFont(string faceName) => faceName == Bold ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
}
