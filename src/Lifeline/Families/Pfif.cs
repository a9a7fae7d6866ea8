using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Lifeline.Core.Common;
using Lifeline.Core.Families;

namespace Lifeline.Families;

/// <summary>
/// People in PFIF 1.4, the Person Finder Interchange Format (https://zesty.ca/pfif/1.4/): <c>pfif:person</c> records
/// with their <c>pfif:note</c>s. A person's <c>person_record_id</c> is kept as its id. PFIF has no patronymic, no side
/// of the line, no vulnerability and no consent: those stay unknown on import and are left out on export, and nobody
/// imported is registered as safe (consent is never inferred).
/// </summary>
internal static partial class Pfif
{
    public const string Namespace = "http://zesty.ca/pfif/1.4";
    private static readonly XNamespace P = Namespace;

    /// <summary>A person read from a file, with what PFIF says of them, checked later like any other draft.</summary>
    public sealed record ImportedPerson(int Index, PersonDraft Draft);

    /// <summary>Reads every person of a PFIF 1.4 document; the first problem refuses the whole file, naming the record.</summary>
    public static (IReadOnlyList<ImportedPerson> People, string? Problem) Read(Stream stream, DateOnly today)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 200_000_000 });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return ([], $"The file is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}");
        }
        if (document.Root?.Name != P + "pfif")
        {
            return ([], $"The file is not PFIF 1.4: its root must be <pfif:pfif> in the namespace {Namespace}.");
        }
        var people = new List<ImportedPerson>();
        var index = 0;
        foreach (var person in document.Root.Elements(P + "person"))
        {
            index++;
            var id = Text(person, "person_record_id");
            var where = id is null ? $"person {index}" : $"person {index} ({id})";
            if (id is null)
            {
                return ([], $"{where}: person_record_id is missing.");
            }
            var draft = new PersonDraft
            {
                Id = id,
                FamilyName = Text(person, "family_name"),
                GivenName = Text(person, "given_name") ?? (Text(person, "family_name") is null ? Text(person, "full_name") : null),
                Sex = Text(person, "sex"),
                PlaceOfOrigin = Text(person, "home_city"),
                LastKnownPlace = person.Elements(P + "note").Select(n => Text(n, "last_known_location")).LastOrDefault(l => l is not null),
            };
            var birth = Text(person, "date_of_birth");
            if (birth is not null)
            {
                if (Regex.IsMatch(birth, "^[0-9]{4}$"))
                {
                    draft = draft with { BirthYear = int.Parse(birth, CultureInfo.InvariantCulture) };
                }
                else if (Regex.IsMatch(birth, "^[0-9]{4}-[0-9]{2}$"))
                {
                    draft = draft with { BirthYear = int.Parse(birth[..4], CultureInfo.InvariantCulture) };
                }
                else
                {
                    draft = draft with { BirthDate = birth };
                }
            }
            else if (Text(person, "age") is { } age)
            {
                var match = AgeRange().Match(age);
                if (!match.Success)
                {
                    return ([], $"{where}: age '{age}' is neither a number nor a range (30-35).");
                }
                var from = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                var to = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : from;
                draft = draft with { AgeFrom = from, AgeTo = to };
            }
            var (_, errors) = FamilyValidator.Person(draft, id, today);
            if (!errors.IsEmpty)
            {
                return ([], $"{where}: {errors}");
            }
            people.Add(new ImportedPerson(index, draft));
        }
        var duplicate = people.GroupBy(p => p.Draft.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null ? ([], $"person_record_id {duplicate.Key} occurs {duplicate.Count()} times.") : (people, null);
    }

    [GeneratedRegex("^([0-9]{1,3})(?:-([0-9]{1,3}))?$")]
    private static partial Regex AgeRange();

    private static string? Text(XElement parent, string name) =>
        parent.Element(P + name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>Writes people as PFIF 1.4: one person record each, and a note with the last known place when there is one.</summary>
    public static void Write(Stream stream, IEnumerable<PersonRecord> people, string sourceName, DateTimeOffset at)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var root = new XElement(P + "pfif", new XAttribute(XNamespace.Xmlns + "pfif", Namespace));
        foreach (var person in people)
        {
            var family = person.NamesOf(NameRole.Family).FirstOrDefault()?.Text;
            var given = person.NamesOf(NameRole.Given).FirstOrDefault()?.Text;
            var element = new XElement(P + "person",
                new XElement(P + "person_record_id", person.Id),
                new XElement(P + "entry_date", stamp),
                new XElement(P + "source_name", sourceName),
                new XElement(P + "full_name", string.Join(' ', new[] { given, family }.Where(n => n is not null))));
            Add(element, "given_name", given);
            Add(element, "family_name", family);
            Add(element, "sex", person.Sex is Sex.Unknown ? null : KebabCase.Of(person.Sex));
            switch (person.Birth.Precision)
            {
                case BirthPrecision.Exact:
                    Add(element, "date_of_birth", RecordDates.Day(person.Birth.Date!.Value));
                    break;
                case BirthPrecision.Year:
                    Add(element, "date_of_birth", person.Birth.Year!.Value.ToString(CultureInfo.InvariantCulture));
                    break;
                case BirthPrecision.AgeRange:
                    Add(element, "age", person.Birth.AgeFrom == person.Birth.AgeTo
                        ? person.Birth.AgeFrom!.Value.ToString(CultureInfo.InvariantCulture)
                        : string.Create(CultureInfo.InvariantCulture, $"{person.Birth.AgeFrom}-{person.Birth.AgeTo}"));
                    break;
                default:
                    break;
            }
            Add(element, "home_city", person.PlaceOfOrigin);
            if (person.LastKnownPlace is { } last)
            {
                element.Add(new XElement(P + "note",
                    new XElement(P + "note_record_id", person.Id + "/last-known"),
                    new XElement(P + "person_record_id", person.Id),
                    new XElement(P + "entry_date", stamp),
                    new XElement(P + "author_name", sourceName),
                    new XElement(P + "source_date", stamp),
                    new XElement(P + "last_known_location", last),
                    new XElement(P + "text", "Last known place as recorded.")));
            }
            root.Add(element);
        }
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false), Async = false });
        new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
    }

    private static void Add(XElement element, string name, string? value)
    {
        if (value is not null)
        {
            element.Add(new XElement(P + name, value));
        }
    }
}
