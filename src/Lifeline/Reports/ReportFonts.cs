using PdfSharp.Fonts;

namespace Lifeline.Reports;

/// <summary>
/// The fonts a PDF report embeds: DejaVu Sans (Latin, Armenian, Cyrillic), read from a folder. The folder is the
/// setting <c>Reports:FontFolder</c> or <c>LIFELINE_FONT_FOLDER</c>, else Debian's <c>fonts-dejavu-core</c> place,
/// <see cref="DefaultFolder"/>. PDFsharp asks a process-wide resolver, so one is installed once.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    public const string DefaultFolder = "/usr/share/fonts/truetype/dejavu";
    public const string Variable = "LIFELINE_FONT_FOLDER";

    private static readonly Lock Gate = new();
    private static readonly string[] Files = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];
    private static ReportFonts? installed;

    private readonly string regular;
    private readonly string bold;

    private ReportFonts(string folder)
    {
        regular = Path.Combine(folder, "DejaVuSans.ttf");
        bold = Path.Combine(folder, "DejaVuSans-Bold.ttf");
    }

    /// <summary>Where the fonts are looked for: the setting, the environment, then the Debian folder.</summary>
    public static string Folder(string? configured) =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : DefaultFolder;

    /// <summary>Why a PDF cannot be made with the fonts in <paramref name="folder"/>, or null when it can.</summary>
    public static string? Problem(string folder)
    {
        var missing = Files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        return missing.Count == 0 ? null
            : $"the PDF report needs the DejaVu Sans fonts ({string.Join(", ", missing)}) in {folder}: install Debian's fonts-dejavu-core, or name a folder that holds them with Reports:FontFolder or {Variable}";
    }

    /// <summary>Installs the resolver for <paramref name="folder"/> once; the first folder that works stays in force.</summary>
    public static void Install(string folder)
    {
        lock (Gate)
        {
            if (installed is not null)
            {
                return;
            }
            installed = new ReportFonts(folder);
            GlobalFontSettings.FontResolver = installed;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(faceName == "DejaVuSans-Bold" ? bold : regular);
}
