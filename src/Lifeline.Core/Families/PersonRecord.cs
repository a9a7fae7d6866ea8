namespace Lifeline.Core.Families;

/// <summary>Sex as recorded; <see cref="Unknown"/> when not given.</summary>
public enum Sex
{
    Unknown,
    Female,
    Male,
    Other,
}

/// <summary>Which side of the line of blockade a person is on, as far as is known.</summary>
public enum SideOfLine
{
    Unknown,
    Inside,
    Outside,
}

/// <summary>Why a person needs more care; several may hold.</summary>
[Flags]
public enum Vulnerability
{
    None = 0,
    UnaccompaniedChild = 1,
    SeparatedChild = 2,
    OlderPerson = 4,
    Disability = 8,
    MedicalNeed = 16,
}

/// <summary>How exactly a date of birth is known.</summary>
public enum BirthPrecision
{
    Unknown,
    Exact,
    Year,
    AgeRange,
}

/// <summary>
/// A date of birth as given: an exact day, a year, an age range stated on a day ("about 70" is 68–72 on the day it
/// was said), or unknown. It is never made more precise than it was given.
/// </summary>
public readonly record struct BirthDate(BirthPrecision Precision, DateOnly? Date, int? Year, int? AgeFrom, int? AgeTo, DateOnly? AgeOn)
{
    public static BirthDate Unknown { get; } = new(BirthPrecision.Unknown, null, null, null, null, null);

    public static BirthDate Exact(DateOnly date) => new(BirthPrecision.Exact, date, null, null, null, null);

    public static BirthDate InYear(int year) => new(BirthPrecision.Year, null, year, null, null, null);

    /// <summary>Between <paramref name="from"/> and <paramref name="to"/> years old (inclusive) on <paramref name="on"/>.</summary>
    public static BirthDate Aged(int from, int to, DateOnly on) => new(BirthPrecision.AgeRange, null, null, from, to, on);

    /// <summary>The earliest and latest year of birth this allows; null when unknown.</summary>
    public (int From, int To)? Years => Precision switch
    {
        BirthPrecision.Exact => (Date!.Value.Year, Date.Value.Year),
        BirthPrecision.Year => (Year!.Value, Year.Value),
        BirthPrecision.AgeRange => (AgeOn!.Value.Year - AgeTo!.Value - 1, AgeOn.Value.Year - AgeFrom!.Value),
        _ => null,
    };

    /// <summary>Whether the person is certainly under 18 on <paramref name="today"/>: false when it may be otherwise.</summary>
    public bool IsCertainlyChildOn(DateOnly today) => Precision switch
    {
        BirthPrecision.Exact => Date!.Value.AddYears(18) > today,
        _ => Years is { } years && years.From > today.Year - 18,
    };

    /// <summary>Whether the person may be under 18 on <paramref name="today"/> (unknown counts as may).</summary>
    public bool MayBeChildOn(DateOnly today) => Years is not { } years || years.To > today.Year - 19;

    public override string ToString() => Precision switch
    {
        BirthPrecision.Exact => Date!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        BirthPrecision.Year => Year!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BirthPrecision.AgeRange => $"aged {AgeFrom}–{AgeTo} on {AgeOn!.Value:yyyy-MM-dd}",
        _ => "unknown",
    };
}

/// <summary>
/// A person as a caseworker recorded them: every field as given, an unknown left unknown. This is personal data:
/// it is stored only encrypted and read only by caseworkers and admins.
/// </summary>
/// <param name="Id">Unique within the situation; a PFIF <c>person_record_id</c> is kept as is.</param>
/// <param name="PlaceOfOrigin">A gazetteer place id where one fits, otherwise the place as given.</param>
/// <param name="Contact">How to reach the person (a telephone, an address, through whom); null when none.</param>
public sealed record PersonRecord(
    string Id,
    IReadOnlyList<PersonName> Names,
    Sex Sex,
    BirthDate Birth,
    string? PlaceOfOrigin,
    string? LastKnownPlace,
    SideOfLine Side,
    Vulnerability Vulnerabilities,
    string? Contact)
{
    public IEnumerable<PersonName> NamesOf(NameRole role) => Names.Where(n => n.Role == role);

    /// <summary>For lists: family and given name in the first script they were given in.</summary>
    public string DisplayName => string.Join(' ', new[] { NamesOf(NameRole.Family).FirstOrDefault()?.Text, NamesOf(NameRole.Given).FirstOrDefault()?.Text }.Where(t => t is not null));
}
