using System.Globalization;
using System.Text;
using Lifeline.Core.Common;
using Lifeline.Core.Evidence;

namespace Lifeline.Families;

/// <summary>
/// What is sealed inside a photo's record: whose photo it is, what kind of image, how large, the SHA-256 of its sealed
/// file in the evidence store, and what the caseworker said it shows.
/// </summary>
internal sealed record PhotoContent(string PersonId, string MediaType, long Size, string FileSha256, string? Description);

/// <summary>A photo of a person as a caseworker sees it (the image itself is read on its own, audited).</summary>
internal sealed record PhotoView(string Id, string PersonId, string MediaType, long Size, string? Description, string RecordedAt, string RecordedBy);

/// <summary>A photo opened for a caseworker: what it is and its bytes.</summary>
internal sealed record OpenedPhoto(PhotoContent Content, byte[] Bytes);

/// <summary>The photo a caseworker attaches, as it came: the bytes (up to one byte past the limit) and what was said of it.</summary>
internal sealed record PhotoUpload(byte[] Bytes, string? DeclaredType, string? Description);

/// <summary>What a photo may be: a JPEG, PNG or WebP image (told by its first bytes) of at most <see cref="MaxBytes"/>.</summary>
internal static class PhotoRules
{
    /// <summary>The largest photo kept: 5 MiB, enough for a phone's photo, small enough to seal in memory.</summary>
    public const long MaxBytes = 5L * 1024 * 1024;

    /// <summary>Room for the multipart framing and the description around the photo.</summary>
    public const long MaxRequestBytes = MaxBytes + 64 * 1024;

    public const int MaxDescription = 500;

    public static IReadOnlyList<string> Allowed { get; } = ["image/jpeg", "image/png", "image/webp"];

    public static string Limit => MaxBytes.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The image type the bytes start like, or null when they are not a JPEG, PNG or WebP image.</summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> bytes) =>
        MediaSignature.Sniff(bytes[..Math.Min(bytes.Length, MediaSignature.HeaderLength)]) is { } type && Allowed.Contains(type) ? type : null;

    /// <summary>Checks a photo as it came: every problem named by its field (<c>file</c>, <c>description</c>).</summary>
    public static (string? MediaType, ValidationErrors Errors) Check(PhotoUpload upload)
    {
        var errors = new ValidationErrors();
        string? type = null;
        if (upload.Bytes.Length == 0)
        {
            errors.Add("file", "is required: the photo (JPEG, PNG or WebP), sent as the multipart field 'file' or as the body");
        }
        else if (upload.Bytes.Length > MaxBytes)
        {
            errors.Add("file", $"is larger than the limit of {Limit} bytes for a photo");
        }
        else if ((type = MediaTypeOf(upload.Bytes)) is null)
        {
            errors.Add("file", "is not a JPEG, PNG or WebP image (judged by its first bytes); only photos are kept here");
        }
        else if (!MediaSignature.Agrees(upload.DeclaredType, type))
        {
            errors.Add("file", $"was sent as {upload.DeclaredType}, but its content is {type}");
            type = null;
        }
        errors.AddAll(InputRules.Check(new PhotoDescription { Description = upload.Description }));
        return (errors.IsEmpty ? type : null, errors);
    }

    /// <summary>
    /// Reads <paramref name="content"/> to its end, keeping at most one byte more than <see cref="MaxBytes"/> (enough to
    /// say it is too large), so that the sender gets an answer rather than a reset connection.
    /// </summary>
    public static async Task<byte[]> ReadAsync(Stream content, CancellationToken cancel)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancel)) > 0)
        {
            if (copy.Length <= MaxBytes)
            {
                copy.Write(buffer, 0, (int)Math.Min(read, MaxBytes + 1 - copy.Length));
            }
        }
        return copy.ToArray();
    }

    /// <summary>What the sealed file is bound to: copied under another photo, it does not open.</summary>
    public static byte[] Associated(string situationId, string photoId) => Encoding.UTF8.GetBytes($"photo-file|{situationId}/{photoId}");
}

/// <summary>The text beside a photo, checked by the same rules as every other text field.</summary>
internal sealed record PhotoDescription
{
    [TextRule(PhotoRules.MaxDescription, TextLines.Many)]
    public string? Description { get; init; }
}
