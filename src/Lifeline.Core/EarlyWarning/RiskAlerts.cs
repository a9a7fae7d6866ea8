using System.Globalization;
using System.Xml.Linq;

namespace Lifeline.Core.EarlyWarning;

public enum AlertKind
{
    /// <summary>The risk level is higher than the day before.</summary>
    LevelRose,

    /// <summary>A key indicator (siege-relevant, or a factor specific to genocide or crimes against humanity) is present for the first time.</summary>
    IndicatorPresent,
}

/// <summary>
/// An alert on a day. <paramref name="Id"/> is stable (the same record gives the same alerts with the same ids), so
/// subscribers can tell new alerts from ones they have seen: <c>2022-12-22-level-3</c>, <c>2022-12-13-indicator-7.11</c>.
/// </summary>
public sealed record RiskAlert(string Id, DateOnly Date, AlertKind Kind, int Level, int PreviousLevel, double Score, IndicatorId? Subject, string Headline, string Description);

/// <summary>Finds the alerts in a risk series, and writes them as CAP 1.2 documents and as an Atom feed.</summary>
public static class RiskAlerts
{
    public const string CapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>The subjects whose first presence is an alert: the catalogue's siege-relevant ones and factors 9 to 12 as wholes.</summary>
    public static IReadOnlyList<IndicatorId> KeySubjects(FrameworkCatalogue catalogue) =>
        catalogue.SiegeRelevant.Select(s => s.Subject).Concat(Enumerable.Range(9, 4).Select(IndicatorId.WholeFactor)).Distinct().Order().ToList();

    /// <summary>
    /// The alerts in <paramref name="series"/>, oldest first. The day before the series counts as level 1 with
    /// nothing present: give the series from the situation's first day to see only real rises.
    /// </summary>
    public static IReadOnlyList<RiskAlert> Detect(IReadOnlyList<RiskDay> series, IReadOnlyList<IndicatorId> keySubjects, FrameworkCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(catalogue);
        var alerts = new List<RiskAlert>();
        var previous = 1;
        var seen = new HashSet<IndicatorId>();
        foreach (var day in series)
        {
            var date = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (day.Level > previous)
            {
                var present = day.Factors.Where(f => f.Present).Select(f => f.Factor.ToString(CultureInfo.InvariantCulture)).ToList();
                alerts.Add(new RiskAlert($"{date}-level-{day.Level}", day.Date, AlertKind.LevelRose, day.Level, previous, day.Score, null,
                    $"Atrocity risk rose to level {day.Level} ({day.LevelName}) on {date}",
                    $"Score {day.Score.ToString("0.##", CultureInfo.InvariantCulture)} of 100 (level {previous} the day before). Risk factors present: {(present.Count == 0 ? "none" : string.Join(", ", present))}. {Contributions(day)}"));
            }
            foreach (var subject in keySubjects)
            {
                if (seen.Contains(subject) || !IsPresent(day, subject, out var reading))
                {
                    continue;
                }
                seen.Add(subject);
                var why = reading is null
                    ? "its indicators"
                    : reading.DecidedBy == "assessment"
                        ? $"an analyst's assessment ({KebabCase(reading.Assessment!.Content.Status)}, {KebabCase(reading.Assessment.Content.Confidence)} confidence)"
                        : string.Join("; ", reading.Signals.Select(s => s.Data));
                alerts.Add(new RiskAlert($"{date}-indicator-{subject}", day.Date, AlertKind.IndicatorPresent, day.Level, previous, day.Score, subject,
                    $"Indicator {subject} present for the first time on {date}: {catalogue.Describe(subject)}",
                    $"Indicator {subject} ({catalogue.Describe(subject)}) is present, from {why}. Risk level {day.Level} ({day.LevelName}), score {day.Score.ToString("0.##", CultureInfo.InvariantCulture)}."));
            }
            previous = day.Level;
        }
        return alerts;
    }

    private static bool IsPresent(RiskDay day, IndicatorId subject, out SubjectReading? reading)
    {
        var factor = day.Factors[subject.Factor - 1];
        reading = factor.Subjects.FirstOrDefault(s => s.Subject == subject);
        return subject.IsWholeFactor ? factor.Present : reading is { Value: >= RiskModel.PresentAt };
    }

    private static string Contributions(RiskDay day) =>
        "Points by factor: " + string.Join(", ", day.Factors.Where(f => f.Points > 0)
            .Select(f => $"{f.Factor}: {f.Points.ToString("0.##", CultureInfo.InvariantCulture)}")) + ".";

    private static string KebabCase<T>(T value) where T : struct, Enum => Common.KebabCase.Of(value);

    /// <summary>What a CAP document and an Atom entry say about the situation.</summary>
    /// <param name="Sender">The CAP sender: who issues the alert (a host name or an e-mail address).</param>
    /// <param name="AlertPage">The page of this alert, for people.</param>
    public sealed record Context(string SituationId, string SituationName, string Region, string Sender, Uri AlertPage);

    /// <summary>
    /// The alert as a CAP 1.2 document (OASIS, valid against CAP-v1.2.xsd): scope Public, category Security,
    /// severity from the level (5 Extreme, 4 Severe, 3 Moderate, below Minor), certainty Possible (a risk, not an event).
    /// <c>sent</c> is the start of the alert's day in UTC: the alert says what was known on that day.
    /// </summary>
    public static XDocument ToCap(RiskAlert alert, Context context)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(context);
        XNamespace cap = CapNamespace;
        var sent = new DateTimeOffset(alert.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var info = new XElement(cap + "info",
            new XElement(cap + "language", "en"),
            new XElement(cap + "category", "Security"),
            new XElement(cap + "event", "Atrocity crime risk"),
            new XElement(cap + "responseType", "Monitor"),
            new XElement(cap + "urgency", alert.Level >= 4 ? "Expected" : "Future"),
            new XElement(cap + "severity", alert.Level switch { 5 => "Extreme", 4 => "Severe", 3 => "Moderate", _ => "Minor" }),
            new XElement(cap + "certainty", "Possible"),
            new XElement(cap + "senderName", "Lifeline early warning"),
            new XElement(cap + "headline", alert.Headline),
            new XElement(cap + "description", alert.Description),
            new XElement(cap + "web", context.AlertPage.AbsoluteUri),
            Parameter(cap, "situation", context.SituationId),
            Parameter(cap, "riskLevel", alert.Level.ToString(CultureInfo.InvariantCulture)),
            Parameter(cap, "riskScore", alert.Score.ToString("0.##", CultureInfo.InvariantCulture)),
            Parameter(cap, "alertKind", Common.KebabCase.Of(alert.Kind)),
            alert.Subject is { } subject ? Parameter(cap, "indicator", subject.ToString()) : null,
            new XElement(cap + "area", new XElement(cap + "areaDesc", string.IsNullOrWhiteSpace(context.Region) ? context.SituationName : context.Region)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(cap + "alert",
                new XElement(cap + "identifier", $"lifeline-{context.SituationId}-{alert.Id}"),
                new XElement(cap + "sender", context.Sender),
                new XElement(cap + "sent", sent),
                new XElement(cap + "status", "Actual"),
                new XElement(cap + "msgType", "Alert"),
                new XElement(cap + "scope", "Public"),
                info));
    }

    private static XElement Parameter(XNamespace cap, string name, string value) =>
        new(cap + "parameter", new XElement(cap + "valueName", name), new XElement(cap + "value", value));

    /// <summary>One entry of the feed: the alert, where its CAP document is and its page.</summary>
    public sealed record FeedEntry(RiskAlert Alert, string SituationId, string SituationName, Uri CapDocument, Uri Page);

    /// <summary>
    /// An Atom feed (RFC 4287) of alerts, newest first; each entry links to its CAP document
    /// (<c>rel="alternate" type="application/cap+xml"</c>) and to its page.
    /// </summary>
    public static XDocument ToAtom(Uri feedAddress, string title, DateTimeOffset updated, IEnumerable<FeedEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(feedAddress);
        XNamespace atom = AtomNamespace;
        static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var feed = new XElement(atom + "feed",
            new XElement(atom + "id", feedAddress.AbsoluteUri),
            new XElement(atom + "title", title),
            new XElement(atom + "updated", Instant(updated)),
            new XElement(atom + "author", new XElement(atom + "name", "Lifeline")),
            new XElement(atom + "link", new XAttribute("rel", "self"), new XAttribute("type", "application/atom+xml"), new XAttribute("href", feedAddress.AbsoluteUri)));
        foreach (var entry in entries.OrderByDescending(e => e.Alert.Date).ThenBy(e => e.SituationId, StringComparer.Ordinal).ThenBy(e => e.Alert.Id, StringComparer.Ordinal))
        {
            var at = new DateTimeOffset(entry.Alert.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            feed.Add(new XElement(atom + "entry",
                new XElement(atom + "id", $"urn:lifeline:alert:{entry.SituationId}:{entry.Alert.Id}"),
                new XElement(atom + "title", $"{entry.SituationName}: {entry.Alert.Headline}"),
                new XElement(atom + "updated", Instant(at)),
                new XElement(atom + "summary", entry.Alert.Description),
                new XElement(atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "application/cap+xml"), new XAttribute("href", entry.CapDocument.AbsoluteUri)),
                new XElement(atom + "link", new XAttribute("rel", "related"), new XAttribute("type", "text/html"), new XAttribute("href", entry.Page.AbsoluteUri))));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }
}
