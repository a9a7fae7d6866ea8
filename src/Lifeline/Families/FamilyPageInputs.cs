using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Families;

namespace Lifeline.Families;

/// <summary>
/// A person as the pages' forms hold them: text in every field (a year that is not a number is named, not dropped),
/// turned into the API's <see cref="PersonDraft"/> so that one validator checks both.
/// </summary>
internal sealed class PersonInput
{
    [TextRule(InputLimits.Name)] public string? FamilyName { get; set; }
    [TextRule(InputLimits.Name)] public string? GivenName { get; set; }
    [TextRule(InputLimits.Name)] public string? Patronymic { get; set; }
    [TextRule(InputLimits.Code)] public string? Sex { get; set; }
    [TextRule(InputLimits.Code)] public string? BirthDate { get; set; }
    [TextRule(InputLimits.Code)] public string? BirthYear { get; set; }
    [TextRule(InputLimits.Code)] public string? AgeFrom { get; set; }
    [TextRule(InputLimits.Code)] public string? AgeTo { get; set; }
    [TextRule(InputLimits.Phrase)] public string? PlaceOfOrigin { get; set; }
    [TextRule(InputLimits.Phrase)] public string? LastKnownPlace { get; set; }
    [TextRule(InputLimits.Code)] public string? Side { get; set; }
    [TextRule(InputLimits.Code, MaxItems = 5)] public List<string> Vulnerabilities { get; set; } = [];
    [TextRule(InputLimits.Phrase)] public string? Contact { get; set; }

    public bool IsEmpty =>
        new[] { FamilyName, GivenName, Patronymic, BirthDate, BirthYear, AgeFrom, AgeTo, PlaceOfOrigin, LastKnownPlace, Contact }.All(string.IsNullOrWhiteSpace);

    /// <summary>The draft; a number field that is not a whole number is added to <paramref name="errors"/> under <paramref name="prefix"/>.</summary>
    public PersonDraft ToDraft(string prefix, ValidationErrors errors) => new()
    {
        FamilyName = Blank(FamilyName),
        GivenName = Blank(GivenName),
        Patronymic = Blank(Patronymic),
        Sex = Blank(Sex),
        BirthDate = Blank(BirthDate),
        BirthYear = Number(BirthYear, prefix + "birthYear", errors),
        AgeFrom = Number(AgeFrom, prefix + "ageFrom", errors),
        AgeTo = Number(AgeTo, prefix + "ageTo", errors),
        PlaceOfOrigin = Blank(PlaceOfOrigin),
        LastKnownPlace = Blank(LastKnownPlace),
        Side = Blank(Side),
        Vulnerabilities = Vulnerabilities.Where(v => v.Length > 0).ToList(),
        Contact = Blank(Contact),
    };

    /// <summary>
    /// When a number field was not a number, nothing goes to be stored; the rest of the person is still checked (by
    /// the one validator the API uses) so that every mistake is named at once, not one per try.
    /// </summary>
    public static void CheckTheRest(PersonDraft? draft, string prefix, DateOnly today, ValidationErrors errors)
    {
        if (draft is null)
        {
            return;
        }
        var known = errors.Fields.ToHashSet(StringComparer.Ordinal);
        foreach (var (field, messages) in FamilyValidator.Person(draft, "p-check", today, prefix).Errors.ToDictionary().Where(e => !known.Contains(e.Key)))
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
    }

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? Number(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 3000)
        {
            return value;
        }
        errors.Add(field, "Write a whole number, or leave it empty.");
        return null;
    }
}

/// <summary>The register-safe form: the person, where they are, and their consent, as <see cref="RecordPersonRequest"/> takes them.</summary>
internal sealed class RegisterSafeInput
{
    public PersonInput Person { get; set; } = new();
    [TextRule(InputLimits.Phrase)] public string? Whereabouts { get; set; }
    public bool BySelf { get; set; }
    [TextRule(InputLimits.Name)] public string? ConsentGivenBy { get; set; }
    [TextRule(InputLimits.Code)] public string? ConsentGivenOn { get; set; }
    [TextRule(InputLimits.Code)] public string? ConsentMethod { get; set; }
    [TextRule(InputLimits.Code)] public string? ConsentScope { get; set; }
    [TextRule(InputLimits.Phrase)] public string? NamedRelatives { get; set; }

    public RecordPersonRequest ToRequest(ValidationErrors errors) => new()
    {
        Person = Person.ToDraft("person.", errors),
        Safe = new SafeDraft
        {
            Whereabouts = PersonInput.Blank(Whereabouts),
            BySelf = BySelf,
            Consent = new ConsentDraft
            {
                GivenBy = PersonInput.Blank(ConsentGivenBy),
                GivenOn = PersonInput.Blank(ConsentGivenOn),
                Method = PersonInput.Blank(ConsentMethod),
                Scope = PersonInput.Blank(ConsentScope),
                NamedRelatives = FamilyPageText.List(NamedRelatives),
            },
        },
    };
}

/// <summary>The tracing-request form: an enquirer (an existing record by id, or a new one), one person sought, the separation.</summary>
internal sealed class TracingRequestInput
{
    [TextRule(FamilyIds.MaxLength)] public string? EnquirerId { get; set; }
    public PersonInput Enquirer { get; set; } = new();
    public PersonInput Sought { get; set; } = new();
    [TextRule(InputLimits.Name)] public string? Relation { get; set; }
    [TextRule(InputLimits.Code)] public string? SeparatedOn { get; set; }
    [TextRule(InputLimits.Phrase)] public string? SeparatedAt { get; set; }
    [TextRule(InputLimits.Note, TextLines.Many)] public string? Circumstances { get; set; }
    [TextRule(InputLimits.Phrase)] public string? LinkedEvents { get; set; }

    public OpenTracingRequest ToRequest(ValidationErrors errors) => new()
    {
        EnquirerId = PersonInput.Blank(EnquirerId),
        Enquirer = PersonInput.Blank(EnquirerId) is null ? Enquirer.ToDraft("enquirer.", errors) : null,
        Sought = [new SoughtDraft { Person = Sought.ToDraft("sought[0].person.", errors), Relation = PersonInput.Blank(Relation) }],
        SeparatedOn = PersonInput.Blank(SeparatedOn),
        SeparatedAt = PersonInput.Blank(SeparatedAt),
        Circumstances = PersonInput.Blank(Circumstances),
        LinkedEvents = FamilyPageText.List(LinkedEvents),
    };
}

/// <summary>A move of the case: the next status, a closing reason when closing, and why.</summary>
internal sealed class CaseStatusInput
{
    [TextRule(InputLimits.Code)] public string? Status { get; set; }
    [TextRule(InputLimits.Code)] public string? CloseReason { get; set; }
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? Reason { get; set; }
}

/// <summary>A photo attached from the case page: whom it shows and what it is (the file comes beside it).</summary>
internal sealed class PhotoInput
{
    [TextRule(FamilyIds.MaxLength)] public string? PersonId { get; set; }
    [TextRule(PhotoRules.MaxDescription, TextLines.Many)] public string? Description { get; set; }
}

/// <summary>A caseworker's confirmation that a candidate is the person sought.</summary>
internal sealed class ConfirmMatchInput
{
    [TextRule(FamilyIds.MaxLength)] public string? SoughtId { get; set; }
    [TextRule(FamilyIds.MaxLength)] public string? CandidateId { get; set; }
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? Reason { get; set; }
}

/// <summary>The disclosure step: whom to disclose, a child's best-interest decision when needed, and how the enquirer is told.</summary>
internal sealed class DisclosureInput
{
    [TextRule(FamilyIds.MaxLength)] public string? FoundPersonId { get; set; }
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? BestInterestDecision { get; set; }
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? Reason { get; set; }
}

/// <summary>Words the family pages share.</summary>
internal static class FamilyPageText
{
    /// <summary>A comma- or space-separated list of ids, as a form field holds it.</summary>
    public static List<string> List(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>A person's name for a list: as given, or "erased", or "no record".</summary>
    public static string Name(PersonEntry? entry) => entry switch
    {
        null => "no record",
        { Content: null } => "erased",
        { Content: { } c } => c.Person.DisplayName.Length > 0 ? c.Person.DisplayName : c.Person.Id,
    };

    public static string Name(PersonView? view) => view switch
    {
        null => "no record",
        { Names: null } => "erased",
        { Names: { } names } => names.Where(n => n.Role != "patronymic").Select(n => n.Text).DefaultIfEmpty(view.Id).Aggregate((a, b) => a + " " + b),
    };

    public static string Words(string kebab) => kebab.Replace('-', ' ');

    public static string Vulnerabilities(Vulnerability v) =>
        string.Join(", ", Enum.GetValues<Vulnerability>().Where(x => x != Vulnerability.None && v.HasFlag(x)).Select(x => Words(KebabCase.Of(x))));
}

/// <summary>
/// What the person-fields partial needs: the form names (<c>Input.Person</c>), the API's error prefix
/// (<c>person.</c>), an id prefix, the values to show again and where the errors are.
/// </summary>
internal sealed record PersonFieldsView(string Name, string ErrorPrefix, string IdPrefix, PersonInput Values, Func<string, string?> ErrorFor, bool WithVulnerabilities);
