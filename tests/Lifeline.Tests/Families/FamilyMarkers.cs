using Lifeline.Core.Families;
using Lifeline.Families;

namespace Lifeline.Tests.Families;

/// <summary>
/// A generated person whose every personal field holds a marker that occurs nowhere else, so that a test can search
/// any response, file or table for it. Nobody here is real.
/// </summary>
internal static class FamilyMarkers
{
    public const string Family = "Qzfamilymarker";
    public const string Given = "Qzgivenmarker";
    public const string Patronymic = "Кзотчествомаркер";
    public const string Origin = "qz-origin-marker";
    public const string LastKnown = "qz-lastknown-marker";
    public const string Contact = "qz-contact-marker";
    public const string Whereabouts = "qz-whereabouts-marker";
    public const string Circumstances = "qz-circumstances-marker";
    public const string SoughtFamily = "Qzsoughtmarker";
    public const string BirthDate = "1961-04-17";

    /// <summary>Written inside the bytes of <see cref="Photo"/>: found anywhere, the photo itself leaked.</summary>
    public const string PhotoMarker = "qz-photo-marker";

    public static IReadOnlyList<string> All { get; } = [Family, Given, Patronymic, Origin, LastKnown, Contact, Whereabouts, Circumstances, SoughtFamily, BirthDate, PhotoMarker];

    /// <summary>Bytes that start like a PNG image and carry <see cref="PhotoMarker"/>, different for each <paramref name="seed"/>.</summary>
    public static byte[] Photo(int seed = 1, int length = 2_048)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        System.Text.Encoding.ASCII.GetBytes(PhotoMarker).CopyTo(bytes, 16);
        return bytes;
    }

    public static PersonDraft Person(string id) => new()
    {
        Id = id, FamilyName = Family, GivenName = Given, Patronymic = Patronymic, BirthDate = BirthDate, Sex = "female",
        PlaceOfOrigin = Origin, LastKnownPlace = LastKnown, Side = "outside", Vulnerabilities = ["older-person"], Contact = Contact,
    };

    public static SafeDraft Safe(string scope = "any-enquirer", params string[] named) => new()
    {
        Whereabouts = Whereabouts, BySelf = true,
        Consent = new ConsentDraft { GivenBy = "the person", GivenOn = "2026-12-01", Method = "oral", Scope = scope, NamedRelatives = named },
    };

    /// <summary>A request by a generated enquirer for a generated person written in Cyrillic.</summary>
    public static OpenTracingRequest Request(string id, string enquirerId) => new()
    {
        Id = id, EnquirerId = enquirerId, Circumstances = Circumstances, SeparatedOn = "2022-12-12",
        Sought = [new SoughtDraft { Relation = "sister", Person = new PersonDraft { Id = id + "-sought", FamilyName = SoughtFamily, GivenName = "Анаит", BirthYear = 1961 } }],
    };

    /// <summary>The markers found in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> FoundIn(string text) => All.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)).ToList();

    public static IReadOnlyList<string> FoundIn(byte[] bytes) => All.Where(m => IndexOf(bytes, System.Text.Encoding.UTF8.GetBytes(m)) >= 0).ToList();

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
