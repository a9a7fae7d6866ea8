using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Claims;

/// <summary>
/// A claim as written in a request, a form or a file: every field as text, checked by <see cref="ClaimValidator"/>.
/// The assertion (<see cref="Rule"/>, <see cref="From"/>, <see cref="To"/>, <see cref="Asserts"/>) is optional; when
/// a rule is given, its days are required.
/// </summary>
public record ClaimDraft
{
    /// <summary>A stable id; when absent, one is made from the day and the actor.</summary>
    [TextRule(InputLimits.Id)] public string? Id { get; init; }
    [TextRule(InputLimits.Name)] public string? Actor { get; init; }
    [TextRule(InputLimits.Code)] public string? Made { get; init; }
    [TextRule(InputLimits.Name)] public string? Where { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)] public string? Text { get; init; }
    public bool? Quoted { get; init; }
    [TextRule(InputLimits.Code)] public string? Type { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 4)] public IReadOnlyList<string>? Subjects { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Sources { get; init; }
    [TextRule(ObligationRule.MaxLength)] public string? Rule { get; init; }
    [TextRule(InputLimits.Code)] public string? From { get; init; }
    [TextRule(InputLimits.Code)] public string? To { get; init; }
    [TextRule(InputLimits.Phrase)] public string? Asserts { get; init; }
}

/// <summary>A verifier's review as written in a request or a file: the standing, why, and the evidence.</summary>
public sealed record ClaimReviewDraft
{
    [TextRule(InputLimits.Code)] public string? Standing { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)] public string? Note { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Events { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Sources { get; init; }
}

/// <summary>
/// Checks a claim and a review: a claim has an actor, a day, its text, a type, at least one subject and at least one
/// source of its situation (a claim without a source is refused); an assertion's rule reads and names routes the
/// situation has, and its days run forwards over at most <see cref="ClaimAssertion.MaxDays"/>. A review names a
/// standing, says why, and (unless the claim is not checkable) links at least one event or source of the situation.
/// </summary>
public static class ClaimValidator
{
    public const int MaxSources = 20;
    public const int MaxEvidence = 50;

    /// <param name="sources">The ids of the situation's sources.</param>
    /// <param name="id">The claim's id: the draft's, or one the caller made when the draft has none.</param>
    public static (Claim? Claim, ValidationErrors Errors) Validate(
        Situation situation, IReadOnlySet<string> sources, ClaimDraft draft, string? id, DateOnly today, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new ValidationErrors();
        if (!Slug.IsValid(id))
        {
            errors.Add($"{prefix}id", id is null ? "is required: a stable id such as 2023-02-18-aliyev-no-blockade" : Slug.Rule);
        }
        var actor = Required(draft.Actor, $"{prefix}actor", "who made the claim", errors);
        var made = RecordDates.Parse(draft.Made, $"{prefix}made", today, errors, required: true);
        var text = Required(draft.Text, $"{prefix}text", "what was said, quoted or summarised", errors);
        var type = KebabCase.Parse<ClaimType>(draft.Type);
        if (type is null)
        {
            errors.Add($"{prefix}type", draft.Type is null ? $"is required: one of {KebabCase.Choices<ClaimType>()}" : $"'{RecordDates.Shorten(draft.Type)}' is not one of {KebabCase.Choices<ClaimType>()}");
        }
        var subjects = new List<ClaimSubject>();
        foreach (var s in draft.Subjects ?? [])
        {
            if (KebabCase.Parse<ClaimSubject>(s) is { } subject)
            {
                if (!subjects.Contains(subject))
                {
                    subjects.Add(subject);
                }
            }
            else
            {
                errors.Add($"{prefix}subjects", $"'{RecordDates.Shorten(s)}' is not one of {KebabCase.Choices<ClaimSubject>()}");
            }
        }
        if (draft.Subjects is null || draft.Subjects.Count == 0)
        {
            errors.Add($"{prefix}subjects", $"at least one is required: {KebabCase.Choices<ClaimSubject>()}");
        }
        var cited = Sources(draft.Sources, $"{prefix}sources", sources, required: true, errors);
        var assertion = Assertion(situation, draft, today, prefix, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        var claim = new Claim(id!, actor!, made!.Value, Optional(draft.Where), text!, draft.Quoted ?? false, type!.Value,
            subjects.Order().ToList(), cited!, assertion, null, EventStage.Intake);
        return (claim, errors);
    }

    /// <summary>Checks a review of a claim.</summary>
    /// <param name="events">The ids of the situation's events the reviewer may link.</param>
    public static (ClaimVerdict? Verdict, ValidationErrors Errors) ValidateReview(
        IReadOnlySet<string> sources, IReadOnlySet<string> events, ClaimReviewDraft draft, string by, DateOnly on, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(events);
        var errors = new ValidationErrors();
        var standing = KebabCase.Parse<ClaimStanding>(draft.Standing);
        if (standing is null)
        {
            errors.Add($"{prefix}standing", draft.Standing is null ? $"is required: one of {KebabCase.Choices<ClaimStanding>()}" : $"'{RecordDates.Shorten(draft.Standing)}' is not one of {KebabCase.Choices<ClaimStanding>()}");
        }
        var note = Required(draft.Note, $"{prefix}note", "what the record shows and why the claim stands so", errors);
        var linked = (draft.Events ?? []).Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (linked.Count > MaxEvidence)
        {
            errors.Add($"{prefix}events", $"at most {MaxEvidence} events");
        }
        foreach (var missing in linked.Where(e => !events.Contains(e)))
        {
            errors.Add($"{prefix}events", $"there is no event '{RecordDates.Shorten(missing)}' in this situation");
        }
        var cited = Sources(draft.Sources, $"{prefix}sources", sources, required: false, errors) ?? [];
        if (standing is not null and not ClaimStanding.NotCheckable && linked.Count == 0 && cited.Count == 0)
        {
            errors.Add($"{prefix}events", $"a claim found {KebabCase.Of(standing.Value)} needs its evidence: at least one event or source of this situation");
        }
        return errors.IsEmpty ? (new ClaimVerdict(standing!.Value, note!, linked, cited, by, on), errors) : (null, errors);
    }

    private static ClaimAssertion? Assertion(Situation situation, ClaimDraft draft, DateOnly today, string prefix, ValidationErrors errors)
    {
        var given = !string.IsNullOrWhiteSpace(draft.Rule);
        if (!given)
        {
            if (!string.IsNullOrWhiteSpace(draft.From) || !string.IsNullOrWhiteSpace(draft.To))
            {
                errors.Add($"{prefix}rule", "is required when the days of an assertion are given: the rule to check on those days, such as route-open");
            }
            return null;
        }
        var (rule, ruleError) = ObligationRule.Parse(draft.Rule);
        if (ruleError is not null)
        {
            errors.Add($"{prefix}rule", ruleError.ToString());
        }
        var routes = situation.Routes.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var route in rule?.Routes.Where(r => !routes.Contains(r)) ?? [])
        {
            errors.Add($"{prefix}rule", $"there is no route '{RecordDates.Shorten(route)}' in this situation (its routes: {string.Join(", ", routes)})");
            rule = null;
        }
        var from = RecordDates.Parse(draft.From, $"{prefix}from", today, errors, required: true);
        var to = RecordDates.Parse(draft.To, $"{prefix}to", today, errors, required: true);
        if (from is { } f && to is { } t && (t < f || t.DayNumber - f.DayNumber >= ClaimAssertion.MaxDays))
        {
            errors.Add($"{prefix}to", t < f ? $"{RecordDates.Day(t)} is before from ({RecordDates.Day(f)})" : $"an assertion covers at most {ClaimAssertion.MaxDays} days");
            to = null;
        }
        var words = Optional(draft.Asserts);
        return rule is not null && from is not null && to is not null ? new ClaimAssertion(rule, from.Value, to.Value, words ?? rule.ToString()) : null;
    }

    private static string? Required(string? text, string field, string what, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"is required: {what}");
            return null;
        }
        return text.Trim();
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string>? Sources(IReadOnlyList<string>? cited, string field, IReadOnlySet<string> known, bool required, ValidationErrors errors)
    {
        var list = (cited ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            if (required)
            {
                errors.Add(field, "at least one source is required: the id of a source of this situation that reports the claim");
                return null;
            }
            return [];
        }
        if (list.Count > MaxSources)
        {
            errors.Add(field, $"at most {MaxSources} sources");
            return null;
        }
        var missing = list.Where(s => !known.Contains(s)).ToList();
        foreach (var source in missing)
        {
            errors.Add(field, $"there is no source '{RecordDates.Shorten(source)}' in this situation");
        }
        return missing.Count == 0 ? list : null;
    }
}
