using Lifeline.Events;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Events;

/// <summary>Filtering and full-text search over the Lachin record, the same answers on each engine.</summary>
public sealed class EventSearchTests
{
    private static Task<EventPage> Search(Seeded seeded, EventFilter filter, int page = 1, int size = 200) =>
        seeded.As().Events.SearchAsync(Scenarios.Default, filter, new EventPosition(page), size, TestContext.Current.CancellationToken);

    private static Task<EventPage> Search(Seeded seeded, EventFilter filter, EventPosition position, int size, TestUser? user = null) =>
        seeded.As(user).Events.SearchAsync(Scenarios.Default, filter, position, size, TestContext.Current.CancellationToken);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_ByType_ReturnsOnlyThatType(string provider)
    {
        using var seeded = new Seeded(provider);
        var result = await Search(seeded, EventFilter.None with { Type = "utility-cut" });
        Assert.True(result.Total >= 5);
        Assert.All(result.Items, e => Assert.Equal("utility-cut", e.Type));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_ByActor_MatchesEitherActor(string provider)
    {
        using var seeded = new Seeded(provider);
        var result = await Search(seeded, EventFilter.None with { Actor = "icrc" });
        Assert.True(result.Total > 0);
        Assert.All(result.Items, e => Assert.True(e.Actor1 == "icrc" || e.Actor2 == "icrc"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_ByPlaceAndDateRange_StaysInside(string provider)
    {
        using var seeded = new Seeded(provider);
        var from = new DateOnly(2023, 1, 1);
        var to = new DateOnly(2023, 1, 31);
        var result = await Search(seeded, EventFilter.None with { Place = "stepanakert", From = from, To = to });
        Assert.True(result.Total > 0);
        Assert.All(result.Items, e => Assert.Equal("stepanakert", e.Place));
        Assert.All(result.Items, e => Assert.InRange(e.Date, from, to));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_Text_FindsWordsAndPrefixesInTheNotes(string provider)
    {
        using var seeded = new Seeded(provider);
        var insulin = await Search(seeded, EventFilter.None with { Text = "insulin" });
        Assert.True(insulin.Total > 0);
        Assert.All(insulin.Items, e => Assert.Contains("insulin", e.Notes, StringComparison.OrdinalIgnoreCase));
        var prefix = await Search(seeded, EventFilter.None with { Text = "insul" });
        Assert.Equal(insulin.Total, prefix.Total);
        Assert.Equal(0, (await Search(seeded, EventFilter.None with { Text = "insulin zzzunknownword" })).Total);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_TextWithQuotesAndOperators_IsReadAsWords(string provider)
    {
        using var seeded = new Seeded(provider);
        var plain = await Search(seeded, EventFilter.None with { Text = "gas cut" });
        var noisy = await Search(seeded, EventFilter.None with { Text = "\"gas\" (cut* -:" });
        Assert.True(plain.Total > 0);
        Assert.Equal(plain.Total, noisy.Total);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_Pages_CoverEveryEventOnceNewestFirst(string provider)
    {
        using var seeded = new Seeded(provider);
        var total = seeded.Db.Events.Count();
        var seen = new List<EventSummary>();
        for (var page = 1; page <= (total + 49) / 50; page++)
        {
            var result = await Search(seeded, EventFilter.None, page, 50);
            Assert.Equal(total, result.Total);
            seen.AddRange(result.Items);
        }
        Assert.Equal(total, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.Select(e => e.Date).OrderDescending(), seen.Select(e => e.Date));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_CursorPages_CoverEveryEventOnceNewestFirstAndLeadBack(string provider)
    {
        using var seeded = new Seeded(provider);
        var total = seeded.Db.Events.Count();
        var pages = new List<EventPage> { await Search(seeded, EventFilter.None, EventPosition.First, 40) };
        while (pages[^1].Next is { } next)
        {
            var cursor = EventCursor.Parse(next, "after", new Lifeline.Core.Common.ValidationErrors())!.Value;
            pages.Add(await Search(seeded, EventFilter.None, new EventPosition(1, After: cursor), 40));
            Assert.Null(pages[^1].Page);
            Assert.Equal(total, pages[^1].Total);
            Assert.False(pages[^1].TotalCapped);
        }
        var seen = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(total, seen.Count);
        Assert.Equal(total, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.Select(e => e.Date).OrderDescending(), seen.Select(e => e.Date));
        Assert.All(pages.SkipLast(1), p => Assert.True(p.More));
        Assert.False(pages[^1].More);
        Assert.Null(pages[0].Previous);

        // "previous" of the third page leads back to exactly the second.
        var back = await Search(seeded, EventFilter.None,
            new EventPosition(1, Before: EventCursor.Parse(pages[2].Previous, "before", new Lifeline.Core.Common.ValidationErrors())), 40);
        Assert.Equal(pages[1].Items.Select(e => e.Id), back.Items.Select(e => e.Id));
        Assert.Equal(pages[1].Next, back.Next);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_FilteredTotal_IsExactBelowTheCap(string provider)
    {
        using var seeded = new Seeded(provider);
        var expected = seeded.Db.Events.Count(e => e.Type == "utility-cut");
        var result = await Search(seeded, EventFilter.None with { Type = "utility-cut" }, EventPosition.First, 5);
        Assert.Equal(expected, result.Total);
        Assert.False(result.TotalCapped);
        Assert.Equal(expected > 5, result.More);
    }

    [Fact]
    public async Task Import_OnSqlite_IndexesEveryBatchAndLeavesTheTriggerOn()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        Assert.Equal(0, seeded.Db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM fts_deferred").Single());
        Assert.Equal(seeded.Db.Events.Count(), seeded.Db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM events_fts").Single());
        var recorded = await seeded.As().Recorder.Record(Scenarios.Default, EventRecorderTests.Valid("Recorded after an import (afterimportmarker)."));
        Assert.IsType<RecordOutcome.Stored>(recorded);
        Assert.Equal(1, (await Search(seeded, EventFilter.None with { Text = "afterimportmarker" })).Total);
    }

    [Fact]
    public void Parse_BadFilters_NameTheField()
    {
        var (filter, errors) = EventFilter.Parse("picnic", null, null, "2023-13-01", "yesterday", null, new DateOnly(2026, 11, 26));
        Assert.Null(filter);
        Assert.Equal(["from", "to", "type"], errors.Fields.Order(StringComparer.Ordinal));
    }
}
