using Lifeline.Core.Access;
using Lifeline.Core.Claims;

namespace Lifeline.Core.Legal;

/// <summary>An event a dossier may hold: its id, its day and the sources it cites.</summary>
public sealed record DossierCandidate(string EventId, DateOnly Date, IReadOnlyList<string> Sources);

/// <summary>
/// What a dossier for an obligation (and, if chosen, a proceeding) is about: its legal records and the events it
/// holds. By default the events are those that decide the obligation's days in the span, and those that cite a source
/// one of the dossier's steps cites (the record of the order itself, of a meeting about the breach); the user then adds
/// and removes events by id.
/// </summary>
public static class DossierSelection
{
    /// <summary>
    /// The steps of the dossier: the one that imposed the obligation, those that put its breach before a body, and
    /// every step of <paramref name="proceedingId"/> when one is chosen; by date.
    /// </summary>
    public static IReadOnlyList<ProceedingStep> Steps(LegalRecordSet records, Obligation obligation, string? proceedingId)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(obligation);
        return records.Steps
            .Where(s => s.Id == obligation.StepId
                || s.Cites.Contains(obligation.Id, StringComparer.Ordinal)
                || (proceedingId is not null && s.ProceedingId == proceedingId))
            .OrderBy(s => s.Date).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The events a dossier holds unless the user changes them, by day then id.</summary>
    /// <param name="summary">The obligation's compliance over the dossier's span: each day's deciding events.</param>
    /// <param name="steps">The dossier's steps (<see cref="Steps"/>).</param>
    /// <param name="candidates">The events the user may put in the dossier.</param>
    public static IReadOnlyList<string> Default(ComplianceSummary summary, IEnumerable<ProceedingStep> steps, IEnumerable<DossierCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var known = candidates.ToDictionary(c => c.EventId, StringComparer.Ordinal);
        var cited = steps.SelectMany(s => s.Sources).ToHashSet(StringComparer.Ordinal);
        var chosen = summary.Days.SelectMany(d => d.DecidingEvents).Where(known.ContainsKey)
            .Concat(known.Values.Where(c => c.Sources.Any(cited.Contains)).Select(c => c.EventId));
        return Ordered(chosen, known);
    }

    /// <summary>
    /// <paramref name="defaults"/> with <paramref name="add"/> added and <paramref name="remove"/> taken out (a removal
    /// wins over an addition of the same id), by day then id.
    /// </summary>
    /// <returns>The events, and each id added that is not a candidate.</returns>
    public static (IReadOnlyList<string> Events, IReadOnlyList<string> Unknown) Choose(
        IEnumerable<string> defaults, IEnumerable<string> add, IEnumerable<string> remove, IEnumerable<DossierCandidate> candidates)
    {
        var known = candidates.ToDictionary(c => c.EventId, StringComparer.Ordinal);
        var added = add.Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
        var removed = remove.Select(r => r.Trim()).ToHashSet(StringComparer.Ordinal);
        var unknown = added.Where(a => !known.ContainsKey(a)).Distinct(StringComparer.Ordinal).ToList();
        var events = Ordered(defaults.Concat(added).Where(e => known.ContainsKey(e) && !removed.Contains(e)), known);
        return (events, unknown);
    }

    private static List<string> Ordered(IEnumerable<string> ids, Dictionary<string, DossierCandidate> known) =>
        ids.Distinct(StringComparer.Ordinal)
            .OrderBy(id => known[id].Date).ThenBy(id => id, StringComparer.Ordinal)
            .ToList();
}

/// <summary>
/// The claims that concern a dossier's obligation. A claim concerns it when a verifier has reviewed it (an unreviewed
/// claim has no standing yet: a court is not handed a statement as if it had been checked), when it is about what the
/// obligation's rule reads (a route: the corridor; a utility: supplies), and when its days — the day it was made and
/// the days it asserts something about — fall between the opening of the proceeding that imposed the obligation (what
/// was said while the matter was before the body) and the dossier's last day.
/// </summary>
public static class DossierClaims
{
    /// <summary>What an obligation's rule is about, in the subjects claims are filed under.</summary>
    public static IReadOnlySet<ClaimSubject> Subjects(ObligationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var subjects = new HashSet<ClaimSubject>();
        Collect(rule, subjects);
        return subjects;
    }

    /// <summary>The day from which claims concern the obligation: its proceeding's opening, else the day it took effect.</summary>
    /// <param name="chosen">The proceeding chosen for the dossier, when one is: its opening counts too.</param>
    public static DateOnly Since(LegalRecordSet records, Obligation obligation, Proceeding? chosen)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(obligation);
        var step = records.Steps.FirstOrDefault(s => s.Id == obligation.StepId);
        var opened = records.Proceedings.Where(p => p.Id == step?.ProceedingId || p.Id == chosen?.Id).Select(p => p.Opened).ToList();
        var first = opened.Count == 0 ? obligation.From : opened.Min();
        return first < obligation.From ? first : obligation.From;
    }

    /// <summary>The claims among <paramref name="claims"/> that concern the obligation, by the day they were made, then id.</summary>
    /// <param name="since">The first day (<see cref="Since"/>).</param>
    /// <param name="to">The dossier's last day.</param>
    public static IReadOnlyList<Claim> Concerning(IEnumerable<Claim> claims, Obligation obligation, DateOnly since, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        var subjects = Subjects(obligation.Rule);
        return claims
            .Where(c => c.Verdict is not null && c.Stage != EventStage.Intake)
            .Where(c => c.Subjects.Any(subjects.Contains))
            .Where(c => Touches(c, since, to))
            .OrderBy(c => c.Made).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static bool Touches(Claim claim, DateOnly since, DateOnly to) =>
        (claim.Made >= since && claim.Made <= to)
        || (claim.Assertion is { } a && a.From <= to && a.To >= since);

    private static void Collect(ObligationRule rule, HashSet<ClaimSubject> subjects)
    {
        switch (rule)
        {
            case RouteOpen or RouteAtMost:
                subjects.Add(ClaimSubject.Corridor);
                break;
            case UtilityAvailable:
                subjects.Add(ClaimSubject.Supplies);
                break;
            case AllOf all:
                all.Rules.ToList().ForEach(r => Collect(r, subjects));
                break;
            case AnyOf any:
                any.Rules.ToList().ForEach(r => Collect(r, subjects));
                break;
            case NotRule not:
                Collect(not.Rule, subjects);
                break;
        }
    }
}
