using Lifeline.Core.Legal;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Tests.Legal;

public sealed class DossierSelectionTests
{
    private static readonly DateOnly Start = new(2023, 1, 1);
    private static readonly Situation Situation = Builders.Situation(Start, null, "main");

    private static readonly Obligation Order =
        new("order", "order-step", "State A", Start, null, "Unimpeded movement along the corridor.", ObligationRule.Parse("route-open").Rule!, ["src-order"]);

    private static StatusChange Route(int day, CorridorStatus status, string id) => new(Start.AddDays(day), day, "main", status, null, null) { Time = TimeOnly.MinValue, EventId = id };

    private static readonly LegalRecordSet Records = new(
        [new Body("court", "A court", BodyKind.Court, ["src-court"])],
        [new Proceeding("case", "court", "A v. B", null, ["A", "B"], Start, ["src-court"]), new Proceeding("other", "court", "C v. D", null, ["C", "D"], Start, ["src-other"])],
        [
            new ProceedingStep("order-step", "case", Start, StepKind.Order, new Vote(13, 2), "Ordered.", [], ["src-order"]),
            new ProceedingStep("reminder", "other", Start.AddDays(5), StepKind.Statement, null, "Reminded.", ["order"], ["src-reminder"]),
            new ProceedingStep("hearing", "other", Start.AddDays(1), StepKind.Hearing, null, "Heard.", [], ["src-hearing"]),
        ],
        [Order]);

    private static readonly DossierCandidate[] Candidates =
    [
        new("closed", Start.AddDays(2), ["src-news"]),
        new("opened", Start, ["src-news"]),
        new("order-reported", Start, ["src-order"]),
        new("unrelated", Start.AddDays(3), ["src-news"]),
        new("hearing-reported", Start.AddDays(1), ["src-hearing"]),
    ];

    private static ComplianceSummary Summary()
    {
        var calendar = SituationCalendar.Compute(Situation, [Route(0, CorridorStatus.Open, "opened"), Route(2, CorridorStatus.Closed, "closed")], Start, Start.AddDays(4));
        return Compliance.Evaluate(Situation, Order, calendar, [], Records.Steps, Start, Start.AddDays(4));
    }

    [Fact]
    public void Steps_TheImposingStepAndThoseCitingIt_PlusTheChosenProceeding()
    {
        Assert.Equal(["order-step", "reminder"], DossierSelection.Steps(Records, Order, null).Select(s => s.Id));
        Assert.Equal(["order-step", "hearing", "reminder"], DossierSelection.Steps(Records, Order, "other").Select(s => s.Id));
    }

    [Fact]
    public void Default_DecidingEventsAndThoseCitingTheStepsSources_ByDay()
    {
        var defaults = DossierSelection.Default(Summary(), DossierSelection.Steps(Records, Order, null), Candidates);
        Assert.Equal(["opened", "order-reported", "closed"], defaults);
        var withHearing = DossierSelection.Default(Summary(), DossierSelection.Steps(Records, Order, "other"), Candidates);
        Assert.Equal(["opened", "order-reported", "hearing-reported", "closed"], withHearing);
    }

    [Fact]
    public void Choose_AddsAndRemoves_RemovalWins_UnknownNamed()
    {
        var defaults = DossierSelection.Default(Summary(), DossierSelection.Steps(Records, Order, null), Candidates);
        var (events, unknown) = DossierSelection.Choose(defaults, ["unrelated", "nothing", "closed"], ["order-reported", "closed"], Candidates);
        Assert.Equal(["opened", "unrelated"], events);
        Assert.Equal(["nothing"], unknown);
    }
}
