using Lifeline.Core.Legal;

namespace Lifeline.Core.Tests.Legal;

public sealed class LegalValidatorTests
{
    private static readonly Lifeline.Core.Situations.Situation Situation = Builders.Situation(new DateOnly(2022, 12, 12), null, "lachin-corridor");
    private static readonly HashSet<string> Sources = ["src-1", "src-2"];

    private static readonly BodyDraft Court = new() { Id = "icj", Name = "International Court of Justice", Kind = "court", Sources = ["src-1"] };
    private static readonly ProceedingDraft Case = new() { Id = "cerd", Body = "icj", Name = "Armenia v. Azerbaijan", Number = "180", Parties = ["Armenia", "Azerbaijan"], Opened = "2021-09-16", Sources = ["src-1"] };
    private static readonly StepDraft Order = new() { Id = "order", Proceeding = "cerd", Date = "2023-02-22", Kind = "order", Vote = "13-2", Decision = "Unimpeded movement.", Sources = ["src-2"] };
    private static readonly ObligationDraft Movement = new() { Id = "movement", Step = "order", Bearer = "Azerbaijan", From = "2023-02-22", Text = "Unimpeded movement.", Rule = "route-open", Sources = ["src-2"] };

    private static (LegalRecordSet? Records, Common.ValidationErrors Errors) Validate(
        BodyDraft? body = null, ProceedingDraft? proceeding = null, StepDraft? step = null, ObligationDraft? obligation = null) =>
        LegalValidator.Validate(Situation, LegalRecordSet.Empty, Sources, [body ?? Court], [proceeding ?? Case], [step ?? Order], [obligation ?? Movement], Builders.Today);

    [Fact]
    public void Validate_Valid_ReadsEveryRecord()
    {
        var (records, errors) = Validate();
        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal(new Vote(13, 2), records!.Steps[0].Vote);
        Assert.Equal(new RouteOpen(null), records.Obligations[0].Rule);
        Assert.Equal(["Armenia", "Azerbaijan"], records.Proceedings[0].Parties);
    }

    [Fact]
    public void Validate_UnknownRuleTerm_RefusedNamingIt()
    {
        var (records, errors) = Validate(obligation: Movement with { Rule = "all(route-open, road-free)" });
        Assert.Null(records);
        Assert.Contains("unknown term 'road-free'", errors.ToDictionary()["obligations[0].rule"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RuleNamingAnotherSituationsRoute_Refused()
    {
        var (_, errors) = Validate(obligation: Movement with { Rule = "route-open(aghdam-road)" });
        Assert.Contains("no route 'aghdam-road'", errors.ToDictionary()["obligations[0].rule"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StepDatedBeforeItsProceeding_Refused()
    {
        var (records, errors) = Validate(step: Order with { Date = "2021-09-15" });
        Assert.Null(records);
        Assert.Contains("before its proceeding 'cerd' was opened (2021-09-16)", errors.ToDictionary()["steps[0].date"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ObligationBeforeItsStep_Refused()
    {
        var (_, errors) = Validate(obligation: Movement with { From = "2023-02-21" });
        Assert.Contains("before the step 'order'", errors.ToDictionary()["obligations[0].from"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingOrUnknownSource_Refused()
    {
        var (_, errors) = Validate(body: Court with { Sources = [] }, step: Order with { Sources = ["nowhere"] });
        var byField = errors.ToDictionary();
        Assert.Contains("at least one source", byField["bodies[0].sources"][0], StringComparison.Ordinal);
        Assert.Contains("no source 'nowhere'", byField["steps[0].sources"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadReferencesKindsAndVote_EachNamed()
    {
        var (_, errors) = Validate(
            proceeding: Case with { Body = "echr" },
            step: Order with { Kind = "ruling", Vote = "most", Cites = ["nothing"] });
        var fields = errors.Fields.ToHashSet();
        Assert.Contains("proceedings[0].body", fields);
        Assert.Contains("steps[0].kind", fields);
        Assert.Contains("steps[0].vote", fields);
        Assert.Contains("steps[0].cites", fields);
    }

    [Fact]
    public void Validate_StepOfAStoredProceeding_CheckedAgainstItsDate()
    {
        var stored = new LegalRecordSet([], [new Proceeding("cerd", "icj", "Case", null, [], new DateOnly(2021, 9, 16), ["src-1"])], [], []);
        var (_, errors) = LegalValidator.Validate(Situation, stored, Sources, [], [], [Order with { Date = "2020-01-01" }], [], Builders.Today);
        Assert.Contains("steps[0].date", errors.Fields);
    }

    [Fact]
    public void Validate_NewVersionOfAProceeding_OpenedAfterAStoredStep_Refused()
    {
        var (stored, _) = Validate();
        var (records, errors) = LegalValidator.Validate(Situation, stored!, Sources, [], [Case with { Opened = "2023-03-01" }], [], [], Builders.Today);
        Assert.Null(records);
        Assert.Contains("its step 'order' is dated 2023-02-22", errors.ToDictionary()["proceedings[0].opened"][0], StringComparison.Ordinal);
        // Given with the step moved too, the two agree.
        var (both, moved) = LegalValidator.Validate(Situation, stored!, Sources, [], [Case with { Opened = "2023-03-01" }], [Order with { Date = "2023-03-02" }],
            [Movement with { From = "2023-03-02" }], Builders.Today);
        Assert.True(moved.IsEmpty, moved.ToString());
        Assert.NotNull(both);
    }

    [Fact]
    public void Validate_NewVersionOfAStep_AfterTheObligationItImposed_Refused()
    {
        var (stored, _) = Validate();
        var (records, errors) = LegalValidator.Validate(Situation, stored!, Sources, [], [], [Order with { Date = "2023-02-23" }], [], Builders.Today);
        Assert.Null(records);
        Assert.Contains("the obligation 'movement' it imposed takes effect on 2023-02-22", errors.ToDictionary()["steps[0].date"][0], StringComparison.Ordinal);
        var (same, none) = LegalValidator.Validate(Situation, stored!, Sources, [], [], [Order with { Date = "2023-02-21" }], [], Builders.Today);
        Assert.True(none.IsEmpty, none.ToString());
        Assert.NotNull(same);
    }
}
