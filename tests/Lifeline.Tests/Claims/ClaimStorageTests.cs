using System.Text;
using Lifeline.Claims;
using Lifeline.Ledger;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;

namespace Lifeline.Tests.Claims;

/// <summary>Claims stored on both engines: versioned, each version a ledger leaf, a bad file refused whole.</summary>
public sealed class ClaimStorageTests
{
    private const string Situation = Scenarios.Default;

    private static IReadOnlyList<Lifeline.Exchange.ImportError> Load(Seeded seeded, string json) =>
        ClaimFiles.Load(seeded.Db, seeded.Clock, new MemoryStream(Encoding.UTF8.GetBytes(json)), "test", "a test");

    private static string File(string sources = "\"news-am-734702\"", string text = "The road is open.", string more = "") => $$"""
        {
          "format": "lifeline-claims/1",
          "situation": "{{Situation}}",
          "claims": [
            { "id": "test-road-open", "actor": "A spokesman", "made": "2023-03-01", "text": "{{text}}", "type": "denial", "subjects": ["corridor"],
              "sources": [{{sources}}], "rule": "route-open(lachin-corridor)", "from": "2023-03-01", "to": "2023-03-01" }{{more}}
          ]
        }
        """;

    private static (int Claims, int Versions, long LedgerSize) Counts(Seeded seeded) =>
        (seeded.Db.Set<ClaimRow>().Count(), seeded.Db.Set<ClaimVersionRow>().Count(), seeded.Db.Set<LedgerLeafRow>().LongCount());

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Scenario_LoadsTheLachinClaims_ReviewedAndPublished_EachALeafThatVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        var claims = seeded.Db.Set<ClaimRow>().Where(c => c.SituationId == Situation).ToList();
        Assert.Contains(claims, c => c.ClaimId == "2023-02-18-aliyev-no-blockade" && c.Standing == "contradicted" && c.Stage == "published");
        Assert.All(claims, c => Assert.NotNull(c.Standing));
        Assert.Equal(claims.Count, seeded.Db.Set<ClaimVersionRow>().Count(v => v.SituationId == Situation));
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Load_NewClaim_StoredWithALeaf_AChangedOneBecomesVersionTwo_AnUnchangedOneIsLeft(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = Counts(seeded);
        Assert.Empty(Load(seeded, File()));
        var after = Counts(seeded);
        Assert.Equal((before.Claims + 1, before.Versions + 1, before.LedgerSize + 1), after);

        Assert.Empty(Load(seeded, File()));
        Assert.Equal(after, Counts(seeded));

        Assert.Empty(Load(seeded, File(text: "The road is open to all.")));
        var changed = seeded.Db.Set<ClaimRow>().Single(r => r.ClaimId == "test-road-open");
        Assert.Equal(2, changed.Version);
        Assert.Contains("open to all", changed.Content, StringComparison.Ordinal);
        Assert.Equal((after.Claims, after.Versions + 1, after.LedgerSize + 1), Counts(seeded));
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Load_ClaimWithoutSource_RefusedNamingIt_NothingStored(string provider)
    {
        using var seeded = new Seeded(provider);
        var before = Counts(seeded);
        var good = """, { "id": "test-other", "actor": "B", "made": "2023-03-02", "text": "Fine.", "type": "factual-assertion", "subjects": ["supplies"], "sources": ["news-am-734702"] }""";
        var errors = Load(seeded, File(sources: "", more: good));
        var error = Assert.Single(errors);
        Assert.Equal("claims[0].sources", error.Field);
        Assert.Contains("at least one source is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Counts(seeded));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Verify_AlteredStanding_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
        LedgerTestKit.Tamper(seeded.Db, "claim_versions",
            "UPDATE claim_versions SET standing = 'supported' WHERE claim_id = '2023-02-18-aliyev-no-blockade'");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains(findings, f => f.Contains("2023-02-18-aliyev-no-blockade", StringComparison.Ordinal));
    }
}
