using Lifeline.Core.Situations;
using Lifeline.Core.Supplies;

namespace Lifeline.Core.Tests.Supplies;

/// <summary>Outages derived from the utility events by the calendar's rule: one record, the same answer everywhere.</summary>
public sealed class UtilitiesPictureTests
{
    private static readonly Situation Siege = Builders.Situation(new DateOnly(2022, 12, 12), new DateOnly(2023, 10, 1)) with
    {
        UtilityBaselines = new Dictionary<Utility, StatusBaseline<UtilityStatus>>
        {
            [Utility.Gas] = new(UtilityStatus.Available, ["src-1"]),
            [Utility.Electricity] = new(UtilityStatus.Available, ["src-1"]),
        },
    };

    private static long sequence;

    private static StatusChange Change(string date, Utility utility, UtilityStatus status, StatusEnd? ends = null, double? hoursPerDay = null, string? time = null) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Interlocked.Increment(ref sequence), null, null, utility, status)
        {
            Ends = ends ?? StatusEnd.FurtherNotice,
            HoursPerDay = hoursPerDay,
            Time = time is null ? null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
            EventId = $"{utility}-{date}-{status}".ToLowerInvariant(),
        };

    [Fact]
    public void Of_RationingThenACutWithAnEnd_CountsEachHourOnceAndGivesBackTheRationing()
    {
        var changes = new[]
        {
            Change("2023-01-10", Utility.Electricity, UtilityStatus.Partial, hoursPerDay: 2),
            Change("2023-01-16", Utility.Electricity, UtilityStatus.Partial, hoursPerDay: 4),
            Change("2023-01-18", Utility.Electricity, UtilityStatus.Cut, StatusEnd.On(new DateOnly(2023, 1, 19))),
        };
        var electricity = UtilitiesPicture.Of(Siege, changes, [], new DateOnly(2023, 1, 20)).Utilities.Single();
        // 10–15 Jan: 6 days × 2 h; 16–17 Jan: 2 days × 4 h; 18–19 Jan cut: 48 h; 20 Jan rationed again: 4 h.
        Assert.Equal(48, electricity.HoursCut, precision: 6);
        Assert.Equal(12 + 8 + 4, electricity.HoursRationed, precision: 6);
        Assert.Equal(11, electricity.DaysHit);
        Assert.Equal(40 * 24, electricity.HoursInPeriod);
        Assert.Equal(
            [(UtilityStatus.Partial, "2023-01-10", "2023-01-15"), (UtilityStatus.Partial, "2023-01-16", "2023-01-17"), (UtilityStatus.Cut, "2023-01-18", "2023-01-19"), (UtilityStatus.Partial, "2023-01-20", "2023-01-20")],
            electricity.Periods.Select(p => (p.Status, Day(p.FirstDay), Day(p.LastDay))));
        Assert.True(electricity.Periods[^1].Ongoing);
    }

    [Fact]
    public void Of_OverlappingTemporaryCuts_NeverCountMoreThanTheHoursThereAre()
    {
        var changes = new[]
        {
            Change("2023-01-01", Utility.Gas, UtilityStatus.Cut, StatusEnd.After(48)),
            Change("2023-01-02", Utility.Gas, UtilityStatus.Cut, StatusEnd.After(48)),
        };
        var gas = UtilitiesPicture.Of(Siege, changes, [], new DateOnly(2023, 1, 10)).Utilities.Single();
        Assert.Equal(72, gas.Hours, precision: 6);
        Assert.True(gas.Hours <= gas.HoursInPeriod);
        Assert.Single(gas.Periods);
        Assert.Equal(["gas-2023-01-01-cut", "gas-2023-01-02-cut"], gas.Periods[0].Events);
    }

    [Fact]
    public void Of_EveryUtilityOnEveryDay_HoursNeverExceedThePeriod()
    {
        var changes = new[]
        {
            Change("2022-12-12", Utility.Gas, UtilityStatus.Cut),
            Change("2022-12-12", Utility.Electricity, UtilityStatus.Cut),
            Change("2022-12-20", Utility.Gas, UtilityStatus.Cut),
        };
        var picture = UtilitiesPicture.Of(Siege, changes, [], new DateOnly(2023, 10, 1));
        Assert.All(picture.Utilities, u => Assert.Equal(u.HoursInPeriod, u.Hours, precision: 6));
        Assert.Equal(294 * 24, picture.Utilities[0].HoursInPeriod);
        Assert.Single(picture.Anomalies);
    }

    [Fact]
    public void Of_CutForSixHoursThenRestored_IsSixHoursOnOneDay()
    {
        var changes = new[]
        {
            Change("2023-01-17", Utility.Gas, UtilityStatus.Cut, StatusEnd.After(6), time: "13:00"),
            Change("2023-01-17", Utility.Gas, UtilityStatus.Available),
        };
        var gas = UtilitiesPicture.Of(Siege, changes, [], new DateOnly(2023, 1, 31)).Utilities.Single();
        Assert.Equal(6, gas.HoursCut, precision: 6);
        Assert.Equal(1, gas.DaysHit);
        Assert.Equal(0, gas.DaysHoursNotRecorded);
        Assert.False(gas.Periods.Single().Ongoing);
    }

    [Fact]
    public void Of_CutAndRestoredWithNoTimes_CountsTheDaysAndSaysTheHoursAreNotRecorded()
    {
        var changes = new[]
        {
            Change("2022-12-13", Utility.Gas, UtilityStatus.Cut),
            Change("2022-12-16", Utility.Gas, UtilityStatus.Available),
        };
        var services = new[] { new ServiceHit(new DateOnly(2022, 12, 14), "schools-closed", "Classes suspended in gas-heated schools."), new ServiceHit(new DateOnly(2023, 1, 5), "other", "Not on a day without gas.") };
        var gas = UtilitiesPicture.Of(Siege, changes, services, new DateOnly(2023, 1, 31)).Utilities.Single();
        // 13, 14 and 15 December all day; the 16th hit for a part of the day that is not recorded.
        Assert.Equal(72, gas.HoursCut, precision: 6);
        Assert.Equal(4, gas.DaysHit);
        Assert.Equal(1, gas.DaysHoursNotRecorded);
        Assert.Equal(["schools-closed"], gas.ServicesHit.Select(s => s.EventId));
    }

    [Fact]
    public void Of_BeforeTheSituationBegins_CountsNothing() =>
        Assert.Empty(UtilitiesPicture.Of(Siege, [Change("2022-12-13", Utility.Gas, UtilityStatus.Cut)], [], new DateOnly(2022, 12, 1)).Utilities);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
