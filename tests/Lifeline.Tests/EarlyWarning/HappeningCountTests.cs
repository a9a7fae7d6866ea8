using System.Text;
using Lifeline.Core.EarlyWarning;
using Lifeline.EarlyWarning;
using Lifeline.Exchange;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Tests.EarlyWarning;

/// <summary>
/// A happening recorded as several events (a step linked with <c>partOf</c> to the event standing for the whole) is
/// counted once by the early-warning signals: the daily counts read only events without <c>partOf</c>.
/// </summary>
public sealed class HappeningCountTests
{
    private const string File = """
        {
          "format": "lifeline/1",
          "situation": { "id": "test-siege", "name": "Test siege", "region": "Somewhere", "startDate": "2020-01-01",
                         "routes": [ { "id": "road", "name": "The road", "via": ["town"] } ] },
          "sources": [ { "id": "s1", "publisher": "Monitor", "url": "https://example.org/1", "published": "2020-01-06" } ],
          "places": [ { "id": "town", "kind": "settlement", "names": { "en": "Town" } } ],
          "actors": [],
          "events": [
            { "id": "convoy-a", "date": "2020-01-05", "place": "town", "type": "convoy-turned-back", "fatalities": 1, "notes": "Convoy A turned back; its driver killed.", "sources": ["s1"], "stage": "published" },
            { "id": "convoy-a-again", "date": "2020-01-05", "place": "town", "type": "convoy-turned-back", "fatalities": 1, "notes": "Convoy A, reported again by another monitor.", "sources": ["s1"], "stage": "published", "partOf": "convoy-a" },
            { "id": "convoy-b", "date": "2020-01-05", "place": "town", "type": "convoy-turned-back", "notes": "Convoy B turned back.", "sources": ["s1"], "stage": "published" }
          ],
          "reviews": []
        }
        """;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DailyCounts_CountAHappeningOnce_NotEachOfItsSteps(string provider)
    {
        using var database = TestDatabase.Create(provider);
        using var db = database.Open();
        var imported = new Importer(db, new FakeTimeProvider(LifelineServer.Now)).Import(new MemoryStream(Encoding.UTF8.GetBytes(File)), "tester", "test");
        Assert.True(imported.Succeeded, string.Join("\n", imported.Errors));
        var situation = db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).AsSplitQuery().Single(s => s.Id == "test-siege").ToDomain();

        var digest = await RiskComputation.DigestAsync(db, db.Events.AsNoTracking().Where(e => e.SituationId == "test-siege"), situation, new SignalSettings(), new DateOnly(2020, 1, 31),
            TestContext.Current.CancellationToken);

        var count = Assert.Single(digest.Counts, c => c.Type == "convoy-turned-back");
        Assert.Equal((new DateOnly(2020, 1, 5), 2, 1), (count.Date, count.Events, count.Fatalities));
    }
}
