using Lifeline.Core.Access;
using Lifeline.Core.Claims;
using Lifeline.Core.Legal;

namespace Lifeline.Core.Tests.Legal;

public sealed class DossierClaimsTests
{
    private static readonly DateOnly Opened = new(2021, 9, 16);
    private static readonly DateOnly OrderDay = new(2023, 2, 22);
    private static readonly DateOnly Last = new(2023, 9, 19);

    private static readonly Obligation Order =
        new("order", "order-step", "State A", OrderDay, null, "Unimpeded movement.", ObligationRule.Parse("route-open(main)").Rule!, ["src-order"]);

    private static readonly LegalRecordSet Records = new(
        [new Body("court", "A court", BodyKind.Court, ["src-court"])],
        [new Proceeding("case", "court", "A v. B", null, ["A", "B"], Opened, ["src-court"]), new Proceeding("older", "court", "C v. D", null, ["C", "D"], Opened.AddYears(-1), ["src-other"])],
        [new ProceedingStep("order-step", "case", OrderDay, StepKind.Order, new Vote(13, 2), "Ordered.", [], ["src-order"])],
        [Order]);

    private static readonly ClaimVerdict Reviewed = new(ClaimStanding.Contradicted, "The record shows the road closed.", ["ev"], [], "A verifier", OrderDay);

    private static Claim Made(string id, DateOnly made, ClaimSubject[] subjects, ClaimVerdict? verdict = null, EventStage stage = EventStage.Published, ClaimAssertion? assertion = null) =>
        new(id, "An actor", made, null, "The road is open.", false, ClaimType.Denial, subjects, ["src-claim"], assertion, verdict ?? Reviewed, stage);

    [Theory]
    [InlineData("route-open(main)", new[] { ClaimSubject.Corridor })]
    [InlineData("route-at-most(humanitarian-only, main)", new[] { ClaimSubject.Corridor })]
    [InlineData("utility-available(gas)", new[] { ClaimSubject.Supplies })]
    [InlineData("any(event(medical-evacuation), not(utility-available(water)), all(route-open))", new[] { ClaimSubject.Corridor, ClaimSubject.Supplies })]
    [InlineData("event(medical-evacuation)", new ClaimSubject[0])]
    public void Subjects_WhatTheRuleReads(string rule, ClaimSubject[] expected) =>
        Assert.Equal(expected.Order(), DossierClaims.Subjects(ObligationRule.Parse(rule).Rule!).Order());

    [Fact]
    public void Since_TheOpeningOfTheImposingProceeding_OrOfTheChosenOneWhenEarlier()
    {
        Assert.Equal(Opened, DossierClaims.Since(Records, Order, null));
        Assert.Equal(Opened.AddYears(-1), DossierClaims.Since(Records, Order, Records.Proceedings[1]));
        var orphan = Order with { StepId = "no-such-step" };
        Assert.Equal(OrderDay, DossierClaims.Since(Records, orphan, null));
    }

    [Fact]
    public void Concerning_ReviewedClaimsOnTheRuleSubjectsWithinTheDays_ByDay()
    {
        var assertion = new ClaimAssertion(ObligationRule.Parse("route-open(main)").Rule!, Opened.AddDays(-30), Opened.AddDays(10), "open");
        var claims = new[]
        {
            Made("after-order", OrderDay.AddDays(3), [ClaimSubject.Corridor]),
            Made("before-order", OrderDay.AddDays(-4), [ClaimSubject.Corridor, ClaimSubject.Convoys]),
            Made("unreviewed", OrderDay, [ClaimSubject.Corridor], stage: EventStage.Intake) with { Verdict = null },
            Made("intake-with-verdict", OrderDay, [ClaimSubject.Corridor], stage: EventStage.Intake),
            Made("other-subject", OrderDay, [ClaimSubject.Convoys, ClaimSubject.Actors]),
            Made("before-opening", Opened.AddDays(-1), [ClaimSubject.Corridor]),
            Made("after-span", Last.AddDays(1), [ClaimSubject.Corridor]),
            Made("asserts-into-the-days", Opened.AddDays(-40), [ClaimSubject.Corridor], assertion: assertion),
        };
        var concerning = DossierClaims.Concerning(claims, Order, DossierClaims.Since(Records, Order, null), Last);
        Assert.Equal(["asserts-into-the-days", "before-order", "after-order"], concerning.Select(c => c.Id));
    }
}
