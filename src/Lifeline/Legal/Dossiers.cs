using System.Globalization;
using Lifeline.Claims;
using Lifeline.Core.Access;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;
using Lifeline.Core.Sources;
using Lifeline.Events;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Legal;

/// <summary>
/// What a dossier is made from: the obligation (required), a proceeding (optional), the span of days (default: the
/// obligation's whole time in force up to the record's last day), and the events added to and removed from the default
/// choice (<see cref="DossierSelection"/>).
/// </summary>
internal sealed record DossierRequest(
    string SituationId, string ObligationId, string? ProceedingId, DateOnly? From, DateOnly? To, IReadOnlyList<string> Add, IReadOnlyList<string> Remove)
{
    /// <summary>Reads the choices as a form, the API or the command line gives them, naming each that is wrong under <paramref name="prefix"/>.</summary>
    public static DossierRequest? Parse(
        string situationId, string? obligation, string? proceeding, string? from, string? to, IEnumerable<string>? add, IEnumerable<string>? remove,
        DateOnly today, ValidationErrors errors, string prefix = "")
    {
        if (string.IsNullOrWhiteSpace(obligation))
        {
            errors.Add(prefix + "obligation", "is required: the obligation the dossier is about");
        }
        var first = RecordDates.Parse(from, prefix + "from", today, errors);
        var last = RecordDates.Parse(to, prefix + "to", today, errors);
        if (first is { } f && last is { } l && l < f)
        {
            errors.Add(prefix + "to", "is before from");
        }
        var added = Ids(add);
        var removed = Ids(remove);
        foreach (var id in added.Concat(removed).Where(id => id.Length > InputLimits.Id))
        {
            errors.Add(prefix + (added.Contains(id) ? "add" : "remove"), $"'{id[..20]}…' is longer than an event id may be ({InputLimits.Id} characters)");
        }
        if (added.Count + removed.Count > MaxChanges)
        {
            errors.Add(prefix + "add", $"at most {MaxChanges} events may be added and removed at once");
        }
        return errors.IsEmpty
            ? new DossierRequest(situationId, obligation!.Trim(), string.IsNullOrWhiteSpace(proceeding) ? null : proceeding.Trim(), first, last, added, removed)
            : null;
    }

    /// <summary>The most events one request adds and removes.</summary>
    public const int MaxChanges = 1_000;

    /// <summary>Ids given one a value or several in one value, separated by commas, spaces or new lines.</summary>
    private static List<string> Ids(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>
/// A dossier for a court, computed from the record: the obligation and the steps of its proceedings, its compliance
/// day by day over the span, the events chosen with their sources and grades, and the reviewed claims that concern the
/// obligation (<see cref="DossierClaims"/>) with what the record says on the days they assert something about.
/// </summary>
internal sealed record Dossier(
    DossierRequest Request,
    Situation Situation,
    LegalRecordSet Records,
    Obligation Obligation,
    Body? Body,
    Proceeding? Proceeding,
    IReadOnlyList<ProceedingStep> Steps,
    ComplianceSummary Compliance,
    IReadOnlyList<DossierCandidate> Candidates,
    IReadOnlyList<string> Defaults,
    IReadOnlyList<EventRow> Events,
    IReadOnlyDictionary<string, Source> Sources,
    IReadOnlyDictionary<string, string> Places,
    IReadOnlyList<DossierClaim> Claims)
{
    /// <summary>The legal records the dossier rests on: the body, the proceedings of its steps, the steps, the obligation.</summary>
    public IEnumerable<string> LegalRecordIds =>
        new[] { Body?.Id }.Concat(Steps.Select(s => s.ProceedingId).Append(Proceeding?.Id).Distinct(StringComparer.Ordinal))
            .Concat(Steps.Select(s => s.Id)).Append(Obligation.Id).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>The name a file of this dossier goes by: <c>dossier-SITUATION-OBLIGATION-FROM-TO</c>.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture,
        $"dossier-{Situation.Id}-{Obligation.Id}-{Compliance.From:yyyyMMdd}-{Compliance.To:yyyyMMdd}");
}

/// <summary>Computes a dossier from what the caller may see.</summary>
internal static class DossierBuilder
{
    /// <returns>The dossier, or the errors naming what is wrong; both null when there is no such situation.</returns>
    public static async Task<(Dossier? Dossier, ValidationErrors Errors)> BuildAsync(
        LifelineDbContext db, IQueryable<EventRow> visible, DossierRequest request, DateOnly today, string prefix, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var situation = (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == request.SituationId, cancel))?.ToDomain();
        if (situation is null)
        {
            return (null, errors);
        }
        var records = await LegalComputation.RecordsAsync(db, situation.Id, cancel);
        var obligation = records.Obligations.FirstOrDefault(o => o.Id == request.ObligationId);
        if (obligation is null)
        {
            errors.Add(prefix + "obligation", $"there is no obligation '{request.ObligationId}' in {situation.Id}; its obligations are: {string.Join(", ", records.Obligations.Select(o => o.Id))}");
        }
        var proceeding = request.ProceedingId is null ? null : records.Proceedings.FirstOrDefault(p => p.Id == request.ProceedingId);
        if (request.ProceedingId is not null && proceeding is null)
        {
            errors.Add(prefix + "proceeding", $"there is no proceeding '{request.ProceedingId}' in {situation.Id}; its proceedings are: {string.Join(", ", records.Proceedings.Select(p => p.Id))}");
        }
        if (obligation is null || !errors.IsEmpty)
        {
            return (null, errors);
        }
        var from = request.From ?? obligation.From;
        var to = request.To ?? obligation.Until ?? situation.LastDay(today);
        if (to < from)
        {
            errors.Add(prefix + "to", $"is before from ({RecordDates.Day(from)})");
        }
        else if (to.DayNumber - from.DayNumber >= LegalComputation.MaxDays)
        {
            errors.Add(prefix + "from", $"the span {RecordDates.Day(from)} to {RecordDates.Day(to)} is longer than {LegalComputation.MaxDays} days");
        }
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        var compliance = (await LegalComputation.ComplianceAsync(visible, situation, records, [obligation], from, to, today, cancel))[0];
        var steps = DossierSelection.Steps(records, obligation, proceeding?.Id);
        var candidates = (await visible.Select(e => new { e.EventId, e.Date, e.Sources }).ToListAsync(cancel))
            .Select(e => new DossierCandidate(e.EventId, e.Date, e.Sources)).ToList();
        var defaults = DossierSelection.Default(compliance, steps, candidates);
        var (chosen, unknown) = DossierSelection.Choose(defaults, request.Add, request.Remove, candidates);
        if (unknown.Count > 0)
        {
            errors.Add(prefix + "add", $"there is no event {string.Join(", ", unknown.Take(5).Select(u => $"'{u}'"))} in {situation.Id} that you may see");
            return (null, errors);
        }
        var events = (await visible.Where(e => chosen.Contains(e.EventId)).ToListAsync(cancel))
            .OrderBy(e => e.Date).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
        var claims = await ClaimsAsync(db, visible, situation, DossierClaims.Since(records, obligation, proceeding), to, obligation, cancel);
        var body = LegalComputation.BodyOf(records, obligation);
        var sourceIds = events.SelectMany(e => e.Sources).Concat(claims.SelectMany(c => c.Claim.Sources.Concat(c.Claim.Verdict?.Sources ?? [])))
            .Concat(obligation.Sources).Concat(steps.SelectMany(s => s.Sources))
            .Concat(proceeding?.Sources ?? []).Concat(body?.Sources ?? []).Distinct(StringComparer.Ordinal).ToList();
        var sources = (await db.Sources.AsNoTracking().Where(s => s.SituationId == situation.Id && sourceIds.Contains(s.Id)).ToListAsync(cancel))
            .ToDictionary(s => s.Id, s => s.ToDomain(), StringComparer.Ordinal);
        var placeIds = events.Select(e => e.PlaceId).Distinct(StringComparer.Ordinal).ToList();
        var places = await db.Places.AsNoTracking().Where(p => p.SituationId == situation.Id && placeIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.NameEn, StringComparer.Ordinal, cancel);
        return (new Dossier(request, situation, records, obligation, body, proceeding, steps, compliance,
            candidates.Where(c => c.Date >= from && c.Date <= to).OrderBy(c => c.Date).ThenBy(c => c.EventId, StringComparer.Ordinal).ToList(),
            defaults, events, sources, places, claims), errors);
    }

    /// <summary>The reviewed claims that concern the obligation, each with its version and, when it asserts something about days, the record's check of them.</summary>
    private static async Task<IReadOnlyList<DossierClaim>> ClaimsAsync(
        LifelineDbContext db, IQueryable<EventRow> visible, Situation situation, DateOnly since, DateOnly to, Obligation obligation, CancellationToken cancel)
    {
        var intake = KebabCase.Of(EventStage.Intake);
        var rows = await db.Set<ClaimRow>().AsNoTracking().Where(r => r.SituationId == situation.Id && r.Stage != intake && r.Standing != null).ToListAsync(cancel);
        var versions = rows.ToDictionary(r => r.ClaimId, r => r.Version, StringComparer.Ordinal);
        var concerning = DossierClaims.Concerning(rows.Select(ClaimContent.ToDomain), obligation, since, to);
        var result = new List<DossierClaim>();
        foreach (var claim in concerning)
        {
            ClaimCheck? check = null;
            if (claim.Assertion is { } assertion)
            {
                var (calendar, dayEvents) = await LegalComputation.RecordDaysAsync(visible, situation, [assertion.Rule], assertion.From, assertion.To, cancel);
                check = ClaimCheck.Evaluate(situation, assertion, calendar, dayEvents);
            }
            result.Add(new DossierClaim(claim, versions[claim.Id], check));
        }
        return result;
    }
}

/// <summary>A claim in a dossier: the claim as it stands, its version, and what the record says of its assertion (null when it has none).</summary>
internal sealed record DossierClaim(Claim Claim, int Version, ClaimCheck? Check);

/// <summary>
/// <c>dossier.json</c> in a dossier bundle: the choices it was made from, the obligation, its steps, its compliance
/// day by day (as <c>lifeline compliance --json</c> gives it), the events chosen, the claims that concern it with the
/// record's check of each, and every source cited, with grades.
/// </summary>
internal sealed record DossierDocument(
    string Situation, string Obligation, string? Proceeding, string From, string To,
    IReadOnlyList<string> Defaults, IReadOnlyList<string> Added, IReadOnlyList<string> Removed,
    ObligationView ObligationRecord, IReadOnlyList<StepView> Steps, ObligationCompliance Compliance,
    IReadOnlyList<DossierEventView> Events, IReadOnlyList<DossierClaimView> Claims, IReadOnlyList<DossierSourceView> Sources)
{
    public static DossierDocument Of(Dossier d) => new(
        d.Situation.Id, d.Obligation.Id, d.Proceeding?.Id, RecordDates.Day(d.Compliance.From), RecordDates.Day(d.Compliance.To),
        d.Defaults, d.Request.Add, d.Request.Remove,
        ObligationView.Of(d.Records, d.Obligation), d.Steps.Select(StepView.Of).ToList(), ObligationCompliance.Of(d.Records, d.Compliance),
        d.Events.Select(e => new DossierEventView(e.EventId, RecordDates.Day(e.Date), e.Type, e.PlaceId, d.Places.GetValueOrDefault(e.PlaceId), e.Version, e.Stage, e.Notes, e.Sources)).ToList(),
        d.Claims.Select(DossierClaimView.Of).ToList(),
        d.Sources.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new DossierSourceView(
            s.Id, s.Publisher, s.Title, s.Url.OriginalString, s.Published is { } p ? RecordDates.Day(p) : null, s.Retrieved is { } r ? RecordDates.Day(r) : null, s.Grade.Code, s.ProtectIdentity)).ToList());
}

internal sealed record DossierEventView(string Id, string Date, string Type, string Place, string? PlaceName, int Version, string Stage, string Notes, IReadOnlyList<string> Sources);

internal sealed record DossierSourceView(string Id, string Publisher, string? Title, string Url, string? Published, string? Retrieved, string Grade, bool ProtectIdentity);

/// <summary>A claim in <c>dossier.json</c>: who said what, when, its sources, its standing and the record's check of its days.</summary>
internal sealed record DossierClaimView(
    string Id, int Version, string Actor, string Made, string? Where, string Text, bool Quoted, string Type, IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Sources, string Stage, string? Standing, string? Note, IReadOnlyList<string> ReviewEvents, IReadOnlyList<string> ReviewSources,
    DossierClaimCheckView? Check)
{
    public static DossierClaimView Of(DossierClaim c) => new(
        c.Claim.Id, c.Version, c.Claim.Actor, RecordDates.Day(c.Claim.Made), c.Claim.Where, c.Claim.Text, c.Claim.Quoted, KebabCase.Of(c.Claim.Type),
        c.Claim.Subjects.Select(s => KebabCase.Of(s)).ToList(), c.Claim.Sources, KebabCase.Of(c.Claim.Stage),
        c.Claim.Verdict is { } v ? KebabCase.Of(v.Standing) : null, c.Claim.Verdict?.Note, c.Claim.Verdict?.Events ?? [], c.Claim.Verdict?.Sources ?? [],
        c.Check is { } k ? new DossierClaimCheckView(k.Assertion.Rule.ToString(), RecordDates.Day(k.Assertion.From), RecordDates.Day(k.Assertion.To), k.Assertion.Words,
            k.DaysSupported, k.DaysContradicted, k.DaysUnknown, KebabCase.Of(k.Suggested), k.DecidingEvents) : null);
}

/// <summary>What the record says of a claim's assertion: days supporting, contradicting and unknown, the standing it suggests, the deciding events.</summary>
internal sealed record DossierClaimCheckView(
    string Rule, string From, string To, string Asserts, int DaysSupported, int DaysContradicted, int DaysUnknown, string Suggested, IReadOnlyList<string> Events);
