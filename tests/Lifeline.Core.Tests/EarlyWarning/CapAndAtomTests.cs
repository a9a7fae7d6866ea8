using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Situations;
using static Lifeline.Core.Tests.EarlyWarning.EarlyWarningBuilders;

namespace Lifeline.Core.Tests.EarlyWarning;

public sealed class CapAndAtomTests
{
    private static readonly DateOnly Start = new(2022, 12, 12);

    private static IReadOnlyList<RiskAlert> Alerts()
    {
        var digest = Digest(changes: [Corridor(Start, CorridorStatus.Closed), Utility(Start, Core.Situations.Utility.Internet, UtilityStatus.Cut)]);
        var series = RiskSeries.Compute(digest, [Assess("10", Start.AddDays(3), IndicatorStatus.Present, Confidence.High)], SignalSettings.Default, Start, Start.AddDays(45));
        return RiskAlerts.Detect(series, RiskAlerts.KeySubjects(Catalogue), Catalogue);
    }

    private static readonly RiskAlerts.Context Context = new("lachin-2022", "Blockade of the Lachin corridor", "Nagorno-Karabakh", "lifeline.example.org", new Uri("https://lifeline.example.org/situations/lachin-2022/risk"));

    [Fact]
    public void ToCap_EveryAlert_IsValidAgainstTheCap12Schema()
    {
        var alerts = Alerts();
        Assert.NotEmpty(alerts);
        foreach (var alert in alerts)
        {
            var document = RiskAlerts.ToCap(alert, Context);
            var problems = ValidateCap(document);
            Assert.True(problems.Count == 0, $"{alert.Id}: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void ToCap_SeverityFollowsTheLevel()
    {
        XNamespace cap = RiskAlerts.CapNamespace;
        foreach (var alert in Alerts())
        {
            var severity = RiskAlerts.ToCap(alert, Context).Descendants(cap + "severity").Single().Value;
            Assert.Equal(alert.Level switch { 5 => "Extreme", 4 => "Severe", 3 => "Moderate", _ => "Minor" }, severity);
        }
    }

    [Fact]
    public void ToCap_InvalidDocument_IsRejectedBySchema()
    {
        var document = RiskAlerts.ToCap(Alerts()[0], Context);
        XNamespace cap = RiskAlerts.CapNamespace;
        document.Descendants(cap + "sent").Single().Value = "2022-12-12T00:00:00Z";

        Assert.NotEmpty(ValidateCap(document));
    }

    [Fact]
    public void ToAtom_EachEntryLinksToItsCapDocument()
    {
        var alerts = Alerts();
        var entries = alerts.Select(a => new RiskAlerts.FeedEntry(a, "lachin-2022", "Blockade", new Uri($"https://x.org/feeds/alerts/lachin-2022/{a.Id}.cap.xml"), new Uri("https://x.org/risk"))).ToList();

        var feed = RiskAlerts.ToAtom(new Uri("https://x.org/feeds/alerts.atom"), "Lifeline alerts", DateTimeOffset.UnixEpoch, entries);

        XNamespace atom = RiskAlerts.AtomNamespace;
        var atomEntries = feed.Root!.Elements(atom + "entry").ToList();
        Assert.Equal(alerts.Count, atomEntries.Count);
        Assert.All(atomEntries, e => Assert.Contains(e.Elements(atom + "link"), l => (string?)l.Attribute("type") == "application/cap+xml" && ((string)l.Attribute("href")!).EndsWith(".cap.xml", StringComparison.Ordinal)));
        Assert.All(atomEntries, e => Assert.False(string.IsNullOrEmpty(e.Element(atom + "id")?.Value)));
    }

    public static List<string> ValidateCap(XDocument document)
    {
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(Path.Combine(AppContext.BaseDirectory, "EarlyWarning", "Data", "CAP-v1.2.xsd")))
        {
            schemas.Add(RiskAlerts.CapNamespace, reader);
        }
        var problems = new List<string>();
        document.Validate(schemas, (_, e) => problems.Add(e.Message));
        return problems;
    }
}
