using System.Globalization;
using Lifeline.Core.Common;

namespace Lifeline.Core.Families;

/// <summary>
/// Which tracing cases a caseworker's list (and its CSV export) shows: by case status, and by the people in the case
/// (the enquirer or a person sought): a vulnerability, a side of the line, an age range. A case is shown when its
/// status agrees and one of its people meets every person filter given. An empty filter shows every case.
/// </summary>
/// <param name="AgeFrom">Youngest age in years, inclusive; a person whose birth is unknown is never inside an age range.</param>
/// <param name="AgeTo">Oldest age in years, inclusive.</param>
public sealed record CaseFilter(CaseStatus? Status, Vulnerability? Vulnerability, SideOfLine? Side, int? AgeFrom, int? AgeTo)
{
    public static CaseFilter None { get; } = new(null, null, null, null, null);

    private bool FiltersPeople => Vulnerability is not null || Side is not null || AgeFrom is not null || AgeTo is not null;

    /// <summary>Whether the case is shown; <paramref name="people"/> are the records of its enquirer and sought people still readable.</summary>
    public bool Admits(TracingRequest request, IEnumerable<PersonRecord> people, DateOnly today) =>
        (Status is null || request.Status == Status) && (!FiltersPeople || people.Any(p => Admits(p, today)));

    /// <summary>Whether one person meets every person filter given.</summary>
    public bool Admits(PersonRecord person, DateOnly today) =>
        (Vulnerability is not { } v || person.Vulnerabilities.HasFlag(v))
        && (Side is not { } s || person.Side == s)
        && (AgeFrom is null && AgeTo is null || MayBeAged(person.Birth, AgeFrom ?? 0, AgeTo ?? FamilyValidator.MaxAge, today));

    /// <summary>
    /// Whether the person may be between <paramref name="from"/> and <paramref name="to"/> years old on
    /// <paramref name="today"/>, as far as their birth is known (a year of birth allows two ages on a day); never when unknown.
    /// </summary>
    public static bool MayBeAged(BirthDate birth, int from, int to, DateOnly today)
    {
        if (birth.Precision == BirthPrecision.Exact)
        {
            var date = birth.Date!.Value;
            var age = today.Year - date.Year - (today < date.AddYears(today.Year - date.Year) ? 1 : 0);
            return age >= from && age <= to;
        }
        if (birth.Years is not { } years)
        {
            return false;
        }
        var youngest = Math.Max(0, today.Year - years.To - 1);
        var oldest = today.Year - years.From;
        return oldest >= from && youngest <= to;
    }

    /// <summary>The filter in words, for the audit log and the page: <c>status=open, side=outside</c>, or <c>none</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Status is { } status)
        {
            parts.Add("status=" + KebabCase.Of(status));
        }
        if (Vulnerability is { } vulnerability)
        {
            parts.Add("vulnerability=" + KebabCase.Of(vulnerability));
        }
        if (Side is { } side)
        {
            parts.Add("side=" + KebabCase.Of(side));
        }
        if (AgeFrom is { } from)
        {
            parts.Add("ageFrom=" + from.ToString(CultureInfo.InvariantCulture));
        }
        if (AgeTo is { } to)
        {
            parts.Add("ageTo=" + to.ToString(CultureInfo.InvariantCulture));
        }
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    /// <summary>The filter from the words of a form or a query string (empty means "any"), or the errors naming each field.</summary>
    public static (CaseFilter? Filter, ValidationErrors Errors) Parse(string? status, string? vulnerability, string? side, string? ageFrom, string? ageTo)
    {
        var errors = new ValidationErrors();
        var parsedStatus = Word<CaseStatus>(status, "status", errors);
        var parsedVulnerability = Word<Vulnerability>(vulnerability, "vulnerability", errors, Families.Vulnerability.None);
        var parsedSide = Word<SideOfLine>(side, "side", errors);
        var from = Age(ageFrom, "ageFrom", errors);
        var to = Age(ageTo, "ageTo", errors);
        if (from is not null && to is not null && from > to)
        {
            errors.Add("ageTo", $"The oldest age ({to}) is below the youngest ({from}).");
        }
        return errors.IsEmpty ? (new CaseFilter(parsedStatus, parsedVulnerability, parsedSide, from, to), errors) : (null, errors);
    }

    private static T? Word<T>(string? text, string field, ValidationErrors errors, T? excluded = null) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var allowed = Enum.GetValues<T>().Where(v => excluded is null || !v.Equals(excluded.Value)).ToList();
        foreach (var value in allowed)
        {
            if (string.Equals(KebabCase.Of(value), text.Trim(), StringComparison.Ordinal))
            {
                return value;
            }
        }
        errors.Add(field, $"Use one of: {string.Join(", ", allowed.Select(v => KebabCase.Of(v)))}, or leave it empty.");
        return null;
    }

    private static int? Age(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var age) && age <= FamilyValidator.MaxAge)
        {
            return age;
        }
        errors.Add(field, $"An age is a whole number of years from 0 to {FamilyValidator.MaxAge}.");
        return null;
    }
}
