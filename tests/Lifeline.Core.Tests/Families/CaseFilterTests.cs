using Lifeline.Core.Families;

namespace Lifeline.Core.Tests.Families;

public sealed class CaseFilterTests
{
    private static readonly DateOnly Today = new(2026, 6, 14);

    [Theory]
    [InlineData(25, 25, true)]
    [InlineData(26, 30, false)]
    [InlineData(0, 24, false)]
    public void MayBeAged_ExactDate_CountsTheBirthday(int from, int to, bool expected) =>
        // Born 2000-06-15: 25 the day before the 26th birthday.
        Assert.Equal(expected, CaseFilter.MayBeAged(BirthDate.Exact(new DateOnly(2000, 6, 15)), from, to, Today));

    [Theory]
    [InlineData(25, 25, true)]
    [InlineData(26, 26, true)]
    [InlineData(27, 40, false)]
    [InlineData(0, 24, false)]
    public void MayBeAged_YearOnly_AllowsBothAgesOfTheDay(int from, int to, bool expected) =>
        Assert.Equal(expected, CaseFilter.MayBeAged(BirthDate.InYear(2000), from, to, Today));

    [Fact]
    public void MayBeAged_UnknownBirth_NeverInARange() =>
        Assert.False(CaseFilter.MayBeAged(BirthDate.Unknown, 0, 120, Today));

    [Fact]
    public void Parse_BadWords_NameEachField()
    {
        var (filter, errors) = CaseFilter.Parse("opened", "none", "north", "old", "5");
        Assert.Null(filter);
        var named = errors.ToDictionary();
        Assert.Equal(["ageFrom", "side", "status", "vulnerability"], named.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("possible-match", named["status"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AgesTheWrongWayRound_Refused()
    {
        var (filter, errors) = CaseFilter.Parse(null, null, null, "40", "20");
        Assert.Null(filter);
        Assert.Contains("ageTo", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Parse_Empty_AdmitsEveryCase_AndSaysNone()
    {
        var (filter, errors) = CaseFilter.Parse("", " ", null, null, null);
        Assert.True(errors.IsEmpty);
        Assert.Equal("none", filter!.ToString());
        Assert.True(filter.Admits(Request(CaseStatus.Closed), [], Today));
    }

    [Fact]
    public void Admits_OnePersonMustMeetEveryPersonFilter()
    {
        var (filter, _) = CaseFilter.Parse("open", "separated-child", "outside", "5", "12");
        Assert.Equal("status=open, vulnerability=separated-child, side=outside, ageFrom=5, ageTo=12", filter!.ToString());
        var child = FamilyBuilders.Person("gen-c", "Grigoryan", "Anahit", BirthDate.InYear(2016)) with { Side = SideOfLine.Outside, Vulnerabilities = Vulnerability.SeparatedChild };
        var parent = FamilyBuilders.Person("gen-p", "Grigoryan", "Armen", BirthDate.InYear(1980)) with { Side = SideOfLine.Inside };
        Assert.True(filter.Admits(Request(CaseStatus.Open), [parent, child], Today));
        // The parent is inside and the child of the right age is not outside: no one person meets all of it.
        Assert.False(filter.Admits(Request(CaseStatus.Open), [parent, child with { Side = SideOfLine.Inside }], Today));
        Assert.False(filter.Admits(Request(CaseStatus.Open), [parent, child with { Birth = BirthDate.Unknown }], Today));
        Assert.False(filter.Admits(Request(CaseStatus.PossibleMatch), [parent, child], Today));
    }

    private static TracingRequest Request(CaseStatus status) =>
        new("gen-r", "gen-p", [new SoughtPerson("gen-c", "daughter")], null, null, null, [], status, null);
}
