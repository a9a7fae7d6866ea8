using Lifeline.Core.Families;

namespace Lifeline.Core.Tests.Families;

/// <summary>Generated people for tests: every one is synthetic, made up of a common surname and a common given name.</summary>
internal static class FamilyBuilders
{
    public static readonly DateOnly Today = new(2023, 3, 1);

    public static PersonRecord Person(string id, string family, string given, BirthDate? birth = null, Sex sex = Sex.Unknown, string? patronymic = null, string? origin = null)
    {
        var names = new List<PersonName> { PersonName.From(NameRole.Family, family)!, PersonName.From(NameRole.Given, given)! };
        if (patronymic is not null)
        {
            names.Add(PersonName.From(NameRole.Patronymic, patronymic)!);
        }
        return new PersonRecord(id, names, sex, birth ?? BirthDate.Unknown, origin, null, SideOfLine.Unknown, Vulnerability.None, null);
    }
}
