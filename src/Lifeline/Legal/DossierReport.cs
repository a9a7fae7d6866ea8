using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Evidence;
using Lifeline.Events;
using Lifeline.Reports;

namespace Lifeline.Legal;

/// <summary>
/// A dossier laid out as the situation report is (<see cref="SituationReport"/>), so that the same HTML and PDF
/// writers make it: every statement carries the numbers of the sources it rests on; a figure Lifeline computes is
/// footnoted to the rule it was computed by and the sources of the events that decide it.
/// </summary>
internal static class DossierReport
{
    /// <param name="proof">The records of the bundle with their leaves, when the dossier is written into one.</param>
    /// <param name="self">The dossier's own address (its page, or its file in a bundle), and its PDF's.</param>
    public static SituationReport Of(
        Dossier dossier, DateTimeOffset generatedAt, ReportCheckpoint? checkpoint, Uri origin, bool showProtected,
        string self, string selfPdf, IReadOnlyList<BundleEntry>? proof = null)
    {
        var notes = new Notes(dossier, showProtected);
        var o = dossier.Obligation;
        var c = dossier.Compliance;
        var situation = dossier.Situation;
        var rule = notes.Computed("Lifeline: the obligation's rule evaluated over the derived calendar, day by day (docs/legal.md, \"Rules\")",
            new Uri(origin, $"situations/{situation.Id}/legal/obligations/{o.Id}").ToString());
        var step = dossier.Records.Steps.FirstOrDefault(s => s.Id == o.StepId);
        var obligation = new List<ReportLine>
        {
            new($"{o.Text}", notes.For(o.Sources)),
            new($"On {o.Bearer}, in force from {Long(o.From)}{(o.Until is { } u ? $" to {Long(u)}" : " until revoked")}.", notes.For(o.Sources)),
        };
        if (step is not null)
        {
            obligation.Add(new($"Imposed by the {KebabCase.Of(step.Kind).Replace('-', ' ')} of {Long(step.Date)}{(dossier.Body is { } b ? $" of the {b.Name}" : "")}{(step.Vote is { } v ? $", by a vote of {v}" : "")}.", notes.For(step.Sources)));
        }
        obligation.Add(new($"Rule over the record: {o.Rule}", [rule]));

        var steps = dossier.Steps.Select(s =>
        {
            var proceeding = dossier.Records.Proceedings.FirstOrDefault(p => p.Id == s.ProceedingId);
            var vote = s.Vote is { } v ? $" ({v})" : "";
            return new ReportLine($"{Long(s.Date)}, {proceeding?.Name ?? s.ProceedingId}, {KebabCase.Of(s.Kind).Replace('-', ' ')}{vote}: {s.Decision}", notes.For(s.Sources));
        }).ToList();
        if (dossier.Proceeding is { } chosen)
        {
            steps.Insert(0, new ReportLine($"{chosen.Name}{(chosen.Number is { } n ? $" ({n})" : "")}, opened {Long(chosen.Opened)}; parties: {string.Join(", ", chosen.Parties)}.", notes.For(chosen.Sources)));
        }

        var deciding = c.Days.SelectMany(d => d.DecidingEvents).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var decidingNotes = new List<int> { rule };
        decidingNotes.AddRange(notes.For(dossier.Events.Where(e => deciding.Contains(e.EventId)).SelectMany(e => e.Sources)));
        var counted = decidingNotes.Distinct().Order().ToList();
        var compliance = new List<ReportLine>
        {
            new(string.Create(CultureInfo.InvariantCulture,
                $"From {Long(c.From)} to {Long(c.To)}: {c.DaysBreached} days not complied with, {c.DaysComplied} complied with, {c.DaysUnknown} unknown (the record does not say)."), counted),
            new(c.LongestBreach is { } longest
                ? string.Create(CultureInfo.InvariantCulture, $"Longest breach: {longest.Days} days, {Long(longest.First)} to {Long(longest.Last)}.")
                : "No day of breach in the span.", counted),
        };
        // A single breach is the longest, said above.
        foreach (var breach in c.Breaches.Skip(c.Breaches.Count > 1 ? 0 : 1).Take(20))
        {
            compliance.Add(new(string.Create(CultureInfo.InvariantCulture, $"Breach: {Long(breach.First)} to {Long(breach.Last)}, {breach.Days} days."), counted));
        }
        foreach (var told in c.Told)
        {
            var toldStep = dossier.Records.Steps.FirstOrDefault(s => s.Id == told.StepId);
            compliance.Add(new($"The body was told on {Long(told.Date)} ({KebabCase.Of(told.Kind)}).", notes.For(toldStep?.Sources ?? [])));
        }

        var events = dossier.Events.Select(e =>
        {
            var place = dossier.Places.GetValueOrDefault(e.PlaceId) ?? e.PlaceId;
            var why = deciding.Contains(e.EventId) ? "decides days of the obligation" : "chosen";
            var grades = string.Join(", ", e.Sources.Select(s => dossier.Sources.GetValueOrDefault(s)?.Grade.Code).OfType<string>().Distinct(StringComparer.Ordinal));
            return new ReportLine($"{RecordDates.Day(e.Date)} · {e.Type} · {place}: {e.Notes} (event {e.EventId}, {e.Stage}, version {e.Version}; sources graded {(grades.Length == 0 ? "unknown" : grades)}; {why})",
                notes.For(e.Sources), new Uri(origin, $"situations/{situation.Id}/events/{e.EventId}").ToString());
        }).ToList();

        var claims = new List<ReportLine>();
        foreach (var dc in dossier.Claims)
        {
            var claim = dc.Claim;
            var url = new Uri(origin, $"situations/{situation.Id}/claims/{claim.Id}").ToString();
            claims.Add(new ReportLine(
                $"{Long(claim.Made)}, {claim.Actor}{(claim.Where is { } w ? $" ({w})" : "")}, {(claim.Quoted ? "in their words" : "in summary")}: “{claim.Text}” ({KebabCase.Of(claim.Type).Replace('-', ' ')}; claim {claim.Id}, version {dc.Version})",
                notes.For(claim.Sources), url));
            if (claim.Verdict is { } verdict)
            {
                claims.Add(new ReportLine($"Standing: {KebabCase.Of(verdict.Standing).Replace('-', ' ')}, reviewed on {Long(verdict.On)}. {verdict.Note}", notes.For(verdict.Sources)));
            }
            if (dc.Check is { } check)
            {
                var checkedBy = notes.Computed($"Lifeline: the claim's assertion '{check.Assertion.Rule}' evaluated over the derived calendar, day by day (docs/legal.md, \"The automatic check\")", url);
                var deciders = notes.For(check.DecidingEvents.SelectMany(id => dossier.Events.FirstOrDefault(e => e.EventId == id)?.Sources ?? []));
                claims.Add(new ReportLine(string.Create(CultureInfo.InvariantCulture,
                    $"The record, {Long(check.Assertion.From)} to {Long(check.Assertion.To)} ({check.Assertion.Words}): {check.DaysContradicted} of {check.Assertion.Days} days contradict it, {check.DaysSupported} support it, {check.DaysUnknown} unknown; the record suggests: {KebabCase.Of(check.Suggested).Replace('-', ' ')}."),
                    [checkedBy, .. deciders]));
            }
        }

        var proofLines = proof is null
            ? [new ReportLine("Each record this dossier rests on is committed to Lifeline's ledger. The dossier's zip bundle holds each record in canonical form with its salt, its leaf and its inclusion proof against a checkpoint signed for the bundle; 'lifeline evidence verify-bundle' checks it without Lifeline's database.", [])]
            : proof.Select(p => new ReportLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.RecordType} {p.RecordId} version {p.Version}: leaf {p.LeafIndex} ({p.Leaf}), {p.InclusionProof.Count} hashes of inclusion proof, record {p.Record}"), [])).ToList();

        var sections = new List<ReportSection>
        {
            new("obligation", "The obligation", obligation),
            new("steps", "The proceedings", steps) { Empty = "No step of a proceeding cites the obligation." },
            new("compliance", "Compliance, day by day", compliance),
            new("events", "The events", events) { Empty = "No event was chosen." },
            new("claims", "Claims", claims) { Empty = "No reviewed claim concerns the obligation (docs/legal.md, \"Dossiers\")." },
            new("proof", "Proof", proofLines),
        };
        var months = c.Days.GroupBy(d => (d.Date.Year, d.Date.Month)).ToList();
        var calendar = months.Select(m =>
        {
            var byDay = m.ToDictionary(d => d.Date.Day);
            var cells = Enumerable.Range(1, 31).Select(day => byDay.TryGetValue(day, out var d)
                ? (ObligationPage.Letter(d.State), ObligationPage.Css(d.State), $"{RecordDates.Day(d.Date)}: {ObligationPage.Words(d.State)} ({d.Reason})")
                : ("", "none", "")).ToList();
            return new CalendarRow(new DateOnly(m.Key.Year, m.Key.Month, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture), cells);
        }).ToList();
        var title = $"Dossier: {o.Id}{(dossier.Proceeding is { } p ? $", {p.Name}" : "")}";
        return new SituationReport(situation.Id, situation.Name, c.From, c.To, ReportPeriod.Day, ReportAudience.Internal,
            $"{o.Bearer}: {o.Text}", [], calendar, sections, notes.All, generatedAt, checkpoint, origin)
        {
            Kind = "dossier",
            Heading = $"{title} ({situation.Name})",
            Notice = "Dossier for a court: it may hold records that Lifeline's public pages do not show (unpublished events, protected sources). Hand it only to those it is made for.",
            PeriodLine = $"The record from {Long(c.From)} to {Long(c.To)}: {dossier.Events.Count} events, {dossier.Steps.Count} steps of proceedings, {dossier.Claims.Count} claims.",
            CalendarSection = "compliance",
            CalendarLabels = Enumerable.Range(1, 31).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToList(),
            CalendarLegend = "✓ complied · ✗ not complied · ? unknown (the record does not say)",
            Self = self,
            SelfPdf = selfPdf,
        };
    }

    private static string Long(DateOnly date) => ReportBuilder.Long(date);

    /// <summary>The dossier's notes, each source numbered once, in the order first cited.</summary>
    private sealed class Notes(Dossier dossier, bool showProtected)
    {
        private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);

        public List<ReportNote> All { get; } = [];

        public IReadOnlyList<int> For(IEnumerable<string> sourceIds)
        {
            var cited = new List<int>();
            foreach (var id in sourceIds.Distinct(StringComparer.Ordinal))
            {
                if (!numbers.TryGetValue(id, out var number))
                {
                    if (dossier.Sources.GetValueOrDefault(id) is not { } source)
                    {
                        continue;
                    }
                    var view = SourceView.From(source, showProtected);
                    number = All.Count + 1;
                    All.Add(new ReportNote(number, view.Publisher, view.Title, view.Published ?? view.Retrieved, view.Url, view.Grade) { Retrieved = view.Published is null });
                    numbers[id] = number;
                }
                cited.Add(number);
            }
            cited.Sort();
            return cited;
        }

        public int Computed(string publisher, string url)
        {
            var number = All.Count + 1;
            All.Add(new ReportNote(number, publisher, null, null, url, "computed"));
            return number;
        }
    }
}
