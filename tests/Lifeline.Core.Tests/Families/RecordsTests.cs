using Lifeline.Core.Families;
using static Lifeline.Core.Tests.Families.FamilyBuilders;

namespace Lifeline.Core.Tests.Families;

public sealed class RecordsTests
{
    private static readonly PersonDraft Adult = new() { FamilyName = "Petrosyan", GivenName = "Anahit", BirthYear = 1975, Sex = "female", Side = "outside" };

    [Fact]
    public void Person_AsGiven_KeepsEachNameWithItsScript()
    {
        var (person, errors) = FamilyValidator.Person(Adult with { Patronymic = "Ованесовна" }, "p-1", Today);
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal([Script.Latin, Script.Latin, Script.Cyrillic], person!.Names.Select(n => n.Script));
        Assert.Equal((Sex.Female, SideOfLine.Outside, BirthPrecision.Year), (person.Sex, person.Side, person.Birth.Precision));
    }

    [Fact]
    public void Person_NothingAboutBirth_IsUnknown_NeverGuessed()
    {
        var (person, _) = FamilyValidator.Person(Adult with { BirthYear = null }, "p-1", Today);
        Assert.Equal(BirthDate.Unknown, person!.Birth);
        Assert.Null(person.Birth.Years);
    }

    [Theory]
    [InlineData("Pетросян", null, null, "familyName")]
    [InlineData("Petrosyan", "2024-01-01", null, "birthDate")]
    [InlineData("Petrosyan", "2023-02-30", null, "birthDate")]
    [InlineData("Petrosyan", null, 1850, "birthYear")]
    public void Person_BadInput_Refused_NamingTheField(string family, string? date, int? year, string field)
    {
        var (person, errors) = FamilyValidator.Person(Adult with { FamilyName = family, BirthDate = date, BirthYear = year }, "p-1", Today);
        Assert.Null(person);
        Assert.Contains(field, errors.Fields);
    }

    [Fact]
    public void Person_AgeRangeUpsideDown_Refused()
    {
        var (_, errors) = FamilyValidator.Person(Adult with { BirthYear = null, AgeFrom = 40, AgeTo = 30 }, "p-1", Today);
        Assert.Contains("ageFrom", errors.Fields);
    }

    [Fact]
    public void Consent_WithoutScope_Refused()
    {
        var (consent, errors) = FamilyValidator.Consent(new ConsentDraft { GivenBy = "the person", GivenOn = "2023-02-01", Method = "oral" }, Today);
        Assert.Null(consent);
        Assert.Contains("consent.scope", errors.Fields);
    }

    [Fact]
    public void Consent_NamedRelatives_NeedsANamedRelative()
    {
        var (_, errors) = FamilyValidator.Consent(new ConsentDraft { GivenBy = "the person", GivenOn = "2023-02-01", Method = "oral", Scope = "named-relatives" }, Today);
        Assert.Contains("consent.namedRelatives", errors.Fields);
    }

    [Fact]
    public void Request_ChildAsEnquirer_Refused()
    {
        var child = Person("child", "Petrosyan", "Gor", BirthDate.InYear(2015));
        var errors = FamilyValidator.Request(child, [("mother", "mother")], Today);
        Assert.Contains("enquirer", errors.Fields);
        Assert.True(FamilyValidator.Request(Person("adult", "Petrosyan", "Anahit", BirthDate.InYear(1975)), [("son", "son")], Today).IsEmpty);
    }

    [Theory]
    [InlineData(CaseStatus.Open, CaseStatus.PossibleMatch, true)]
    [InlineData(CaseStatus.PossibleMatch, CaseStatus.MatchConfirmed, true)]
    [InlineData(CaseStatus.MatchConfirmed, CaseStatus.ContactRestored, true)]
    [InlineData(CaseStatus.ContactRestored, CaseStatus.Reunited, true)]
    [InlineData(CaseStatus.MatchConfirmed, CaseStatus.Open, true)]
    [InlineData(CaseStatus.Open, CaseStatus.Closed, true)]
    [InlineData(CaseStatus.Open, CaseStatus.MatchConfirmed, false)]
    [InlineData(CaseStatus.Reunited, CaseStatus.Closed, false)]
    [InlineData(CaseStatus.Closed, CaseStatus.Open, false)]
    public void CaseTransitions_OnlyTheAllowedMoves(CaseStatus from, CaseStatus to, bool allowed) =>
        Assert.Equal(allowed, CaseTransitions.IsAllowed(from, to));

    private static SafeRegistration Registered(ConsentScope scope, params string[] named) =>
        new("found", "Goris", true, new Consent("the person", Today, ConsentMethod.Oral, scope, named));

    [Fact]
    public void Disclosure_FollowsTheConsentScope()
    {
        var adult = Person("found", "Petrosyan", "Anahit", BirthDate.InYear(1975));
        Assert.False(DisclosureRules.Decide(Registered(ConsentScope.Nobody), adult, "enquirer", Today, null).Allowed);
        Assert.False(DisclosureRules.Decide(Registered(ConsentScope.NamedRelatives, "sister"), adult, "enquirer", Today, null).Allowed);
        Assert.True(DisclosureRules.Decide(Registered(ConsentScope.NamedRelatives, "enquirer"), adult, "enquirer", Today, null).Allowed);
        Assert.True(DisclosureRules.Decide(Registered(ConsentScope.AnyEnquirer), adult, "enquirer", Today, null).Allowed);
    }

    [Fact]
    public void Disclosure_OfAChild_OnlyWithABestInterestDecision()
    {
        var child = Person("found", "Petrosyan", "Gor", BirthDate.InYear(2015));
        Assert.False(DisclosureRules.Decide(Registered(ConsentScope.AnyEnquirer), child, "enquirer", Today, null).Allowed);
        Assert.True(DisclosureRules.Decide(Registered(ConsentScope.AnyEnquirer), child, "enquirer", Today, "Reunion with the mother is in the child's interest.").Allowed);
    }
}
