namespace Lifeline.Core.Evidence;

/// <summary>
/// The kinds of file Lifeline keeps as evidence, told apart by their first bytes ("magic numbers"), never by the
/// name or the type a browser claims: photos (JPEG, PNG, WebP, HEIC/HEIF, TIFF), videos (MP4, QuickTime,
/// WebM/Matroska) and documents (PDF). Anything else is refused, so nothing a browser would run (HTML, SVG,
/// scripts) is ever stored or served.
/// </summary>
public static class MediaSignature
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs to tell every allowed kind apart.</summary>
    public const int HeaderLength = 16;

    public static IReadOnlyList<string> Allowed { get; } =
    [
        "image/jpeg", "image/png", "image/webp", "image/heic", "image/tiff",
        "video/mp4", "video/quicktime", "video/webm", "application/pdf",
    ];

    /// <summary>The media type the content starts like, or null when it is not an allowed kind.</summary>
    public static string? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00]) || header.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]))
        {
            return "image/tiff";
        }
        if (header.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "video/webm";
        }
        if (header.Length >= 12 && header[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = header[8..12];
            if (brand.SequenceEqual("qt  "u8))
            {
                return "video/quicktime";
            }
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("heif"u8))
            {
                return "image/heic";
            }
            return "video/mp4";
        }
        return null;
    }

    /// <summary>
    /// Whether a type a client declared agrees with the sniffed one. A missing or generic declaration
    /// (application/octet-stream) agrees with anything; otherwise the kinds must match (image/heif is image/heic,
    /// video/x-matroska is video/webm, image/jpg is image/jpeg).
    /// </summary>
    public static bool Agrees(string? declared, string sniffed)
    {
        var type = declared?.Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(type) || type == "application/octet-stream")
        {
            return true;
        }
        var normal = type switch
        {
            "image/heif" => "image/heic",
            "image/jpg" or "image/pjpeg" => "image/jpeg",
            "video/x-matroska" => "video/webm",
            "video/x-m4v" or "video/3gpp" => "video/mp4",
            _ => type,
        };
        return normal == sniffed;
    }
}
