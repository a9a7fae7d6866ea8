using System.Globalization;
using Lifeline.Core.Common;

namespace Lifeline.Core.Families;

/// <summary>A person as it arrives from a form, the API or an import: text, checked by <see cref="FamilyValidator"/>.</summary>
public sealed record PersonDraft
{
    [TextRule(FamilyIds.MaxLength)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Name)]
    public string? FamilyName { get; init; }
    [TextRule(InputLimits.Name)]
    public string? GivenName { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Patronymic { get; init; }

    /// <summary><c>female</c>, <c>male</c>, <c>other</c> or <c>unknown</c> (also when absent).</summary>
    [TextRule(InputLimits.Code)]
    public string? Sex { get; init; }

    /// <summary>An exact date, <c>yyyy-MM-dd</c>; or else <see cref="BirthYear"/>; or else an age range.</summary>
    [TextRule(InputLimits.Code)]
    public string? BirthDate { get; init; }
    [NumberRule(0, 3000)]
    public int? BirthYear { get; init; }
    [NumberRule(0, 3000)]
    public int? AgeFrom { get; init; }
    [NumberRule(0, 3000)]
    public int? AgeTo { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? PlaceOfOrigin { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? LastKnownPlace { get; init; }

    /// <summary><c>inside</c>, <c>outside</c> or <c>unknown</c> (also when absent).</summary>
    [TextRule(InputLimits.Code)]
    public string? Side { get; init; }

    /// <summary>Any of <c>unaccompanied-child</c>, <c>separated-child</c>, <c>older-person</c>, <c>disability</c>, <c>medical-need</c>.</summary>
    [TextRule(InputLimits.Code, MaxItems = 5)]
    public IReadOnlyList<string>? Vulnerabilities { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? Contact { get; init; }
}

/// <summary>A consent as it arrives: text, checked by <see cref="FamilyValidator"/>.</summary>
public sealed record ConsentDraft
{
    [TextRule(InputLimits.Name)]
    public string? GivenBy { get; init; }
    [TextRule(InputLimits.Code)]
    public string? GivenOn { get; init; }

    /// <summary><c>written</c>, <c>oral</c>, <c>electronic</c> or <c>guardian</c>.</summary>
    [TextRule(InputLimits.Code)]
    public string? Method { get; init; }

    /// <summary><c>nobody</c>, <c>named-relatives</c> or <c>any-enquirer</c>: required.</summary>
    [TextRule(InputLimits.Code)]
    public string? Scope { get; init; }
    [TextRule(FamilyIds.MaxLength, MaxItems = 100)]
    public IReadOnlyList<string>? NamedRelatives { get; init; }
}

/// <summary>Checks family records before anything is stored, naming each field that is wrong and why.</summary>
public static class FamilyValidator
{
    public const int MaxNameLength = 100;
    public const int MaxTextLength = 500;
    public const int MaxAge = 120;

    /// <summary>The person, or null and the errors (field names as in <see cref="PersonDraft"/>, under <paramref name="prefix"/>).</summary>
    public static (PersonRecord? Person, ValidationErrors Errors) Person(PersonDraft draft, string fallbackId, DateOnly today, string prefix = "")
    {
        var errors = new ValidationErrors();
        var id = string.IsNullOrWhiteSpace(draft.Id) ? fallbackId : draft.Id.Trim();
        if (!FamilyIds.IsValid(id))
        {
            errors.Add(prefix + "id", FamilyIds.Rule);
        }
        var names = new List<PersonName>();
        Name(NameRole.Family, draft.FamilyName, prefix + "familyName");
        Name(NameRole.Given, draft.GivenName, prefix + "givenName");
        Name(NameRole.Patronymic, draft.Patronymic, prefix + "patronymic");
        if (!names.Any(n => n.Role != NameRole.Patronymic) && errors.IsEmpty)
        {
            errors.Add(prefix + "familyName", "Give a family name or a given name: a person with no name cannot be traced.");
        }
        var sex = Enumerated(draft.Sex, Sex.Unknown, prefix + "sex");
        var side = Enumerated(draft.Side, SideOfLine.Unknown, prefix + "side");
        var birth = Birth(draft, today, prefix, errors);
        var vulnerabilities = Vulnerability.None;
        foreach (var (text, i) in (draft.Vulnerabilities ?? []).Select((v, i) => (v, i)))
        {
            if (TryKebab<Vulnerability>(text, out var one) && one != Vulnerability.None)
            {
                vulnerabilities |= one;
            }
            else
            {
                errors.Add($"{prefix}vulnerabilities[{i}]", "Use unaccompanied-child, separated-child, older-person, disability or medical-need.");
            }
        }
        var origin = Text(draft.PlaceOfOrigin, prefix + "placeOfOrigin");
        var last = Text(draft.LastKnownPlace, prefix + "lastKnownPlace");
        var contact = Text(draft.Contact, prefix + "contact");
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        return (new PersonRecord(id, names, sex, birth, origin, last, side, vulnerabilities, contact), errors);

        void Name(NameRole role, string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }
            if (text.Length > MaxNameLength)
            {
                errors.Add(field, $"At most {MaxNameLength} characters.");
            }
            else if (PersonName.From(role, text) is { } name)
            {
                names.Add(name);
            }
            else
            {
                errors.Add(field, "Write the name in one script: Armenian, Cyrillic or Latin letters, not a mix of them, and no digits or symbols.");
            }
        }

        T Enumerated<T>(string? text, T absent, string field) where T : struct, Enum
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return absent;
            }
            if (TryKebab<T>(text, out var value))
            {
                return value;
            }
            errors.Add(field, $"Use one of: {string.Join(", ", Enum.GetNames<T>().Select(KebabCase.Of))}.");
            return absent;
        }

        string? Text(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (text.Length > MaxTextLength || text.Any(char.IsControl))
            {
                errors.Add(field, $"At most {MaxTextLength} characters, on one line.");
            }
            return text.Trim();
        }
    }

    private static BirthDate Birth(PersonDraft draft, DateOnly today, string prefix, ValidationErrors errors)
    {
        var given = (draft.BirthDate is { Length: > 0 } ? 1 : 0) + (draft.BirthYear is not null ? 1 : 0) + (draft.AgeFrom is not null || draft.AgeTo is not null ? 1 : 0);
        if (given > 1)
        {
            errors.Add(prefix + "birthDate", "Give one of: the date of birth, the year of birth, or an age range.");
            return BirthDate.Unknown;
        }
        if (draft.BirthDate is { Length: > 0 } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add(prefix + "birthDate", "Write the date of birth as yyyy-MM-dd, a day that exists.");
            }
            else if (date > today || date < today.AddYears(-MaxAge))
            {
                errors.Add(prefix + "birthDate", $"The date of birth must be in the last {MaxAge} years and not after today ({today:yyyy-MM-dd}).");
            }
            else
            {
                return BirthDate.Exact(date);
            }
            return BirthDate.Unknown;
        }
        if (draft.BirthYear is { } year)
        {
            if (year > today.Year || year < today.Year - MaxAge)
            {
                errors.Add(prefix + "birthYear", $"The year of birth must be between {today.Year - MaxAge} and {today.Year}.");
                return BirthDate.Unknown;
            }
            return BirthDate.InYear(year);
        }
        if (draft.AgeFrom is not null || draft.AgeTo is not null)
        {
            var from = draft.AgeFrom ?? draft.AgeTo!.Value;
            var to = draft.AgeTo ?? draft.AgeFrom!.Value;
            if (from < 0 || to > MaxAge || from > to)
            {
                errors.Add(prefix + "ageFrom", $"An age range runs from a lower to a higher age, between 0 and {MaxAge}.");
                return BirthDate.Unknown;
            }
            return BirthDate.Aged(from, to, today);
        }
        return BirthDate.Unknown;
    }

    /// <summary>The consent, or null and the errors. A consent says what it allows: a missing scope is refused, never taken as "anyone".</summary>
    public static (Consent? Consent, ValidationErrors Errors) Consent(ConsentDraft? draft, DateOnly today, string prefix = "consent.")
    {
        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add(prefix.TrimEnd('.'), "Record the person's consent: who gave it, when, how, and who may be told.");
            return (null, errors);
        }
        if (string.IsNullOrWhiteSpace(draft.GivenBy) || draft.GivenBy.Length > MaxNameLength)
        {
            errors.Add(prefix + "givenBy", "Say who gave the consent (the person, or their guardian), in at most 100 characters.");
        }
        DateOnly givenOn = default;
        if (draft.GivenOn is not { Length: > 0 } on || !DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out givenOn) || givenOn > today)
        {
            errors.Add(prefix + "givenOn", $"The day consent was given, as yyyy-MM-dd, not after today ({today:yyyy-MM-dd}).");
        }
        if (!TryKebab<ConsentMethod>(draft.Method, out var method))
        {
            errors.Add(prefix + "method", "Use written, oral, electronic or guardian.");
        }
        if (!TryKebab<ConsentScope>(draft.Scope, out var scope))
        {
            errors.Add(prefix + "scope", "Say who may be told: nobody, named-relatives or any-enquirer.");
        }
        var named = (draft.NamedRelatives ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        if (scope == ConsentScope.NamedRelatives && named.Count == 0)
        {
            errors.Add(prefix + "namedRelatives", "Name at least one relative (by person id) who may be told.");
        }
        if (named.Any(n => !FamilyIds.IsValid(n)))
        {
            errors.Add(prefix + "namedRelatives", "Each relative is a person id: " + FamilyIds.Rule);
        }
        return errors.IsEmpty ? (new Consent(draft.GivenBy!.Trim(), givenOn, method, scope, named), errors) : (null, errors);
    }

    /// <summary>
    /// A tracing request's checks that need the people it names: the enquirer must not be a child (a child's search
    /// is opened by a caseworker, with the child as a sought or registered person), and nobody seeks themselves.
    /// </summary>
    public static ValidationErrors Request(PersonRecord enquirer, IReadOnlyList<(string PersonId, string? Relation)> sought, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (enquirer.Birth.IsCertainlyChildOn(today))
        {
            errors.Add("enquirer", "A child cannot be registered as an enquirer: a caseworker opens the request on the child's behalf.");
        }
        if (sought.Count == 0)
        {
            errors.Add("sought", "Name at least one person sought.");
        }
        foreach (var ((id, relation), i) in sought.Select((s, i) => (s, i)))
        {
            if (id == enquirer.Id)
            {
                errors.Add($"sought[{i}]", "The enquirer cannot seek themselves.");
            }
            if (string.IsNullOrWhiteSpace(relation) || relation.Length > MaxNameLength)
            {
                errors.Add($"sought[{i}].relation", "Say how the enquirer is related to this person (mother, son, ...), in at most 100 characters.");
            }
        }
        return errors;
    }

    private static bool TryKebab<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(KebabCase.Of(candidate.ToString()), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// The rule for family record ids: 1–200 characters of ASCII letters, digits and <c>. - _ : / @</c>, so that a PFIF
/// <c>person_record_id</c> (<c>example.org/p-1</c>) is kept as it came.
/// </summary>
public static class FamilyIds
{
    public const int MaxLength = 200;

    public const string Rule = "Use 1-200 ASCII letters, digits and . - _ : / @ only.";

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id[0] != '/' && id.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_' or ':' or '/' or '@');
}
