using System.Text;
using Lifeline.Core.Legal;
using Lifeline.Legal;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Legal;

/// <summary>The legal record stored on both engines: versioned, each version a ledger leaf, bad input refused whole.</summary>
public sealed class LegalStorageTests
{
    private const string Situation = Scenarios.Default;

    private static IReadOnlyList<Lifeline.Exchange.ImportError> Load(Seeded seeded, string json) =>
        LegalFiles.Load(seeded.Db, seeded.Clock, new MemoryStream(Encoding.UTF8.GetBytes(json)), "test", "a test");

    private static string File(string steps = "", string obligations = "") => $$"""
        {
          "format": "lifeline-legal/1",
          "situation": "{{Situation}}",
          "bodies": [{ "id": "test-court", "name": "A court", "kind": "court", "sources": ["interfax-86379"] }],
          "proceedings": [{ "id": "test-case", "body": "test-court", "name": "A case", "parties": ["A", "B"], "opened": "2023-01-10", "sources": ["interfax-86379"] }],
          "steps": [{ "id": "test-order", "proceeding": "test-case", "date": "2023-01-20", "kind": "order", "decision": "Open the road.", "sources": ["interfax-86379"] }{{steps}}],
          "obligations": [{ "id": "test-open", "step": "test-order", "bearer": "B", "from": "2023-01-20", "text": "Open the road.", "rule": "route-open", "sources": ["interfax-86379"] }{{obligations}}]
        }
        """;

    private static (int Records, int Versions, long LedgerSize) Counts(Seeded seeded) =>
        (seeded.Db.Set<LegalRecordRow>().Count(), seeded.Db.Set<LegalRecordVersionRow>().Count(), seeded.Db.Set<LedgerLeafRow>().LongCount());

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scenario_LoadsTheLachinLegalRecord_EachVersionALeafThatVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        var records = await LegalComputation.RecordsAsync(seeded.Db, Situation, TestContext.Current.CancellationToken);
        Assert.Equal(["ecthr", "icj", "trilateral-statement", "un-security-council"], records.Bodies.Select(b => b.Id));
        Assert.Equal(["icj-unimpeded-movement", "ecthr-safe-passage", "trilateral-corridor-security"], records.Obligations.OrderByDescending(o => o.From).Select(o => o.Id));
        var order = records.Steps.Single(s => s.Id == "icj-2023-02-22-order");
        Assert.Equal((new DateOnly(2023, 2, 22), new Vote(13, 2)), (order.Date, order.Vote));
        Assert.Equal(
            [new DateOnly(2022, 12, 20), new DateOnly(2023, 8, 16), new DateOnly(2023, 9, 21)],
            records.Steps.Where(s => s.Kind == StepKind.Meeting).Select(s => s.Date));
        Assert.All(seeded.Db.Set<LegalRecordVersionRow>().ToList(), v => Assert.Equal(1, v.Version));

        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Verify_AlteredObligationRule_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
        LedgerTestKit.Tamper(seeded.Db, "legal_record_versions",
            "UPDATE legal_record_versions SET content = replace(content, 'route-open(lachin-corridor)', 'route-at-most(closed, lachin-corridor)') WHERE record_id = 'icj-unimpeded-movement'");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains(findings, f => f.Contains("icj-unimpeded-movement", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Load_NewRecords_StoredWithALeafEach_AChangedOneBecomesVersionTwo(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = Counts(seeded);
        Assert.Empty(Load(seeded, File()));
        var after = Counts(seeded);
        Assert.Equal((before.Records + 4, before.Versions + 4, before.LedgerSize + 4), after);

        Assert.Empty(Load(seeded, File()));
        Assert.Equal(after, Counts(seeded));

        Assert.Empty(Load(seeded, File().Replace("\"Open the road.\", \"sources\"", "\"Open the road, both ways.\", \"sources\"", StringComparison.Ordinal)));
        var changed = seeded.Db.Set<LegalRecordRow>().Single(r => r.RecordId == "test-order");
        Assert.Equal(2, changed.Version);
        Assert.Contains("both ways", changed.Content, StringComparison.Ordinal);
        Assert.Equal(after.LedgerSize + 1, Counts(seeded).LedgerSize);
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Load_UnknownRuleTerm_RefusedNamingIt_NothingStored(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = Counts(seeded);
        var errors = Load(seeded, File(obligations: """, { "id": "test-free", "step": "test-order", "bearer": "B", "from": "2023-01-20", "text": "Free.", "rule": "any(route-open, road-free)", "sources": ["interfax-86379"] }"""));
        var error = Assert.Single(errors);
        Assert.Equal("obligations[1].rule", error.Field);
        Assert.Contains("unknown term 'road-free'", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Counts(seeded));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Load_StepBeforeItsProceeding_RefusedNamingIt_NothingStored(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = Counts(seeded);
        var errors = Load(seeded, File(steps: """, { "id": "test-early", "proceeding": "test-case", "date": "2023-01-09", "kind": "filing", "decision": "Filed.", "sources": ["interfax-86379"] }"""));
        var error = Assert.Single(errors);
        Assert.Equal("steps[1].date", error.Field);
        Assert.Contains("before its proceeding 'test-case' was opened (2023-01-10)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Counts(seeded));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Load_IdOfAnotherKind_Refused(string provider)
    {
        using var seeded = new Seeded(provider);
        var errors = Load(seeded, File().Replace("\"id\": \"test-court\"", "\"id\": \"icj-unimpeded-movement\"", StringComparison.Ordinal)
            .Replace("\"body\": \"test-court\"", "\"body\": \"icj-unimpeded-movement\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("'icj-unimpeded-movement' is already used by a legal record of kind obligation", StringComparison.Ordinal));
    }
}
