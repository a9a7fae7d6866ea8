using System.Globalization;
using Lifeline.Core.Common;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Legal;

/// <summary>A body as written in a file or a request: every field as text, checked by <see cref="LegalValidator"/>.</summary>
public sealed record BodyDraft
{
    [TextRule(InputLimits.Id)] public string? Id { get; init; }
    [TextRule(InputLimits.Name)] public string? Name { get; init; }
    [TextRule(InputLimits.Code)] public string? Kind { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Why this version is recorded (required for a new version through the API; in a file, the file's reason when absent).</summary>
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? Reason { get; init; }
}

/// <summary>A proceeding as written in a file or a request.</summary>
public sealed record ProceedingDraft
{
    [TextRule(InputLimits.Id)] public string? Id { get; init; }
    [TextRule(InputLimits.Id)] public string? Body { get; init; }
    [TextRule(InputLimits.Name)] public string? Name { get; init; }
    [TextRule(InputLimits.Name)] public string? Number { get; init; }
    [TextRule(InputLimits.Name)] public IReadOnlyList<string>? Parties { get; init; }
    [TextRule(InputLimits.Code)] public string? Opened { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Why this version is recorded (required for a new version through the API; in a file, the file's reason when absent).</summary>
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? Reason { get; init; }
}

/// <summary>A step of a proceeding as written in a file or a request; <see cref="Vote"/> is written <c>13-2</c>.</summary>
public sealed record StepDraft
{
    [TextRule(InputLimits.Id)] public string? Id { get; init; }
    [TextRule(InputLimits.Id)] public string? Proceeding { get; init; }
    [TextRule(InputLimits.Code)] public string? Date { get; init; }
    [TextRule(InputLimits.Code)] public string? Kind { get; init; }
    [TextRule(InputLimits.Code)] public string? Vote { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)] public string? Decision { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Cites { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Why this version is recorded (required for a new version through the API; in a file, the file's reason when absent).</summary>
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? Reason { get; init; }
}

/// <summary>An obligation as written in a file or a request; <see cref="Rule"/> is in the language of <see cref="ObligationRule"/>.</summary>
public sealed record ObligationDraft
{
    [TextRule(InputLimits.Id)] public string? Id { get; init; }
    [TextRule(InputLimits.Id)] public string? Step { get; init; }
    [TextRule(InputLimits.Name)] public string? Bearer { get; init; }
    [TextRule(InputLimits.Code)] public string? From { get; init; }
    [TextRule(InputLimits.Code)] public string? Until { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)] public string? Text { get; init; }
    [TextRule(ObligationRule.MaxLength)] public string? Rule { get; init; }
    [TextRule(InputLimits.Id)] public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Why this version is recorded (required for a new version through the API; in a file, the file's reason when absent).</summary>
    [TextRule(InputLimits.Reason, TextLines.Many)] public string? Reason { get; init; }
}

/// <summary>The legal record of a situation: its bodies, proceedings, steps and obligations (current versions).</summary>
public sealed record LegalRecordSet(
    IReadOnlyList<Body> Bodies,
    IReadOnlyList<Proceeding> Proceedings,
    IReadOnlyList<ProceedingStep> Steps,
    IReadOnlyList<Obligation> Obligations)
{
    public static LegalRecordSet Empty { get; } = new([], [], [], []);

    /// <summary>This set with <paramref name="changes"/> laid over it: a record with the same id replaces the one before.</summary>
    public LegalRecordSet With(LegalRecordSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new(Merge(Bodies, changes.Bodies, b => b.Id), Merge(Proceedings, changes.Proceedings, p => p.Id),
            Merge(Steps, changes.Steps, s => s.Id), Merge(Obligations, changes.Obligations, o => o.Id));
    }

    private static List<T> Merge<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> id)
    {
        var replaced = after.Select(id).ToHashSet(StringComparer.Ordinal);
        return [.. before.Where(r => !replaced.Contains(id(r))), .. after];
    }
}

/// <summary>
/// Checks bodies, proceedings, steps and obligations against each other and against what is stored: every reference
/// resolves, every record has a source the situation holds, a step is not dated before its proceeding was opened, an
/// obligation does not take effect before the step that imposed it, and every rule reads (an unknown term is named).
/// </summary>
public static class LegalValidator
{
    public const int MaxSources = 20;

    /// <param name="stored">What the situation holds already; a draft with a stored id is a new version of it.</param>
    /// <param name="sources">The ids of the situation's sources.</param>
    /// <returns>The records read (null when anything is wrong) and the errors by field (<c>steps[2].date</c>).</returns>
    public static (LegalRecordSet? Records, ValidationErrors Errors) Validate(
        Situation situation,
        LegalRecordSet stored,
        IReadOnlySet<string> sources,
        IReadOnlyList<BodyDraft> bodies,
        IReadOnlyList<ProceedingDraft> proceedings,
        IReadOnlyList<StepDraft> steps,
        IReadOnlyList<ObligationDraft> obligations,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(stored);
        var errors = new ValidationErrors();
        var newBodies = new List<Body>();
        var newProceedings = new List<Proceeding>();
        var newSteps = new List<ProceedingStep>();
        var newObligations = new List<Obligation>();

        var bodyIds = Ids(bodies.Select(b => b.Id), "bodies", errors);
        var proceedingIds = Ids(proceedings.Select(p => p.Id), "proceedings", errors);
        var stepIds = Ids(steps.Select(s => s.Id), "steps", errors);
        var obligationIds = Ids(obligations.Select(o => o.Id), "obligations", errors);
        var allBodies = stored.Bodies.Select(b => b.Id).Concat(bodyIds).ToHashSet(StringComparer.Ordinal);
        var allObligations = stored.Obligations.Select(o => o.Id).Concat(obligationIds).ToHashSet(StringComparer.Ordinal);

        for (var i = 0; i < bodies.Count; i++)
        {
            var (d, at) = (bodies[i], $"bodies[{i}]");
            var kind = Kind<BodyKind>(d.Kind, $"{at}.kind", errors);
            var name = Required(d.Name, $"{at}.name", errors);
            var cited = Sources(d.Sources, $"{at}.sources", sources, errors);
            if (Slug.IsValid(d.Id) && kind is not null && name is not null && cited is not null)
            {
                newBodies.Add(new Body(d.Id!, name, kind.Value, cited));
            }
        }

        var opened = stored.Proceedings.ToDictionary(p => p.Id, p => p.Opened, StringComparer.Ordinal);
        for (var i = 0; i < proceedings.Count; i++)
        {
            var (d, at) = (proceedings[i], $"proceedings[{i}]");
            if (d.Body is null || !allBodies.Contains(d.Body))
            {
                errors.Add($"{at}.body", d.Body is null ? "is required: the id of a body" : $"there is no body '{d.Body}' in this situation");
            }
            var name = Required(d.Name, $"{at}.name", errors);
            var date = RecordDates.Parse(d.Opened, $"{at}.opened", today, errors, required: true);
            var parties = (d.Parties ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            var cited = Sources(d.Sources, $"{at}.sources", sources, errors);
            // A new version of a stored proceeding may not be opened after a step it already has.
            var earlier = date is { } o2 ? stored.Steps.Where(st => st.ProceedingId == d.Id && st.Date < o2 && !stepIds.Contains(st.Id)).ToList() : [];
            foreach (var step in earlier.Take(3))
            {
                errors.Add($"{at}.opened", $"its step '{step.Id}' is dated {RecordDates.Day(step.Date)}, before {RecordDates.Day(date!.Value)}: a proceeding is opened before its steps");
            }
            if (earlier.Count > 0)
            {
                date = null;
            }
            if (Slug.IsValid(d.Id) && date is { } day)
            {
                opened[d.Id!] = day;
            }
            if (Slug.IsValid(d.Id) && d.Body is not null && allBodies.Contains(d.Body) && name is not null && date is not null && cited is not null)
            {
                newProceedings.Add(new Proceeding(d.Id!, d.Body, name, Optional(d.Number), parties, date.Value, cited));
            }
        }

        var stepDates = stored.Steps.ToDictionary(s => s.Id, s => s.Date, StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var (d, at) = (steps[i], $"steps[{i}]");
            DateOnly? proceedingOpened = null;
            if (d.Proceeding is null || !opened.TryGetValue(d.Proceeding, out var o))
            {
                errors.Add($"{at}.proceeding", d.Proceeding is null ? "is required: the id of a proceeding" : $"there is no proceeding '{d.Proceeding}' in this situation");
            }
            else
            {
                proceedingOpened = o;
            }
            var date = RecordDates.Parse(d.Date, $"{at}.date", today, errors, required: true);
            if (date is { } day && proceedingOpened is { } start && day < start)
            {
                errors.Add($"{at}.date", $"{RecordDates.Day(day)} is before its proceeding '{d.Proceeding}' was opened ({RecordDates.Day(start)})");
                date = null;
            }
            // A new version of a stored step may not come after an obligation it imposed took effect.
            var imposedBefore = date is { } sd ? stored.Obligations.Where(o => o.StepId == d.Id && o.From < sd && !obligationIds.Contains(o.Id)).ToList() : [];
            foreach (var obligation in imposedBefore.Take(3))
            {
                errors.Add($"{at}.date", $"the obligation '{obligation.Id}' it imposed takes effect on {RecordDates.Day(obligation.From)}, before {RecordDates.Day(date!.Value)}: a step comes before what it imposes");
            }
            if (imposedBefore.Count > 0)
            {
                date = null;
            }
            var kind = Kind<StepKind>(d.Kind, $"{at}.kind", errors);
            var vote = Vote(d.Vote, $"{at}.vote", errors, out var voteOk);
            var decision = Required(d.Decision, $"{at}.decision", errors);
            var cites = (d.Cites ?? []).ToList();
            foreach (var cited in cites.Where(c => !allObligations.Contains(c)))
            {
                errors.Add($"{at}.cites", $"there is no obligation '{cited}' in this situation");
            }
            var cs = Sources(d.Sources, $"{at}.sources", sources, errors);
            if (Slug.IsValid(d.Id) && date is { } stepDay)
            {
                stepDates[d.Id!] = stepDay;
            }
            if (Slug.IsValid(d.Id) && proceedingOpened is not null && date is not null && kind is not null && voteOk && decision is not null
                && cites.All(allObligations.Contains) && cs is not null)
            {
                newSteps.Add(new ProceedingStep(d.Id!, d.Proceeding!, date.Value, kind.Value, vote, decision, cites, cs));
            }
        }

        var routes = situation.Routes.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < obligations.Count; i++)
        {
            var (d, at) = (obligations[i], $"obligations[{i}]");
            DateOnly? imposed = null;
            if (d.Step is null || !stepDates.TryGetValue(d.Step, out var s))
            {
                errors.Add($"{at}.step", d.Step is null ? "is required: the id of the step that imposed it" : $"there is no step '{d.Step}' in this situation");
            }
            else
            {
                imposed = s;
            }
            var bearer = Required(d.Bearer, $"{at}.bearer", errors);
            var from = RecordDates.Parse(d.From, $"{at}.from", today, errors, required: true);
            if (from is { } f && imposed is { } stepDay && f < stepDay)
            {
                errors.Add($"{at}.from", $"{RecordDates.Day(f)} is before the step '{d.Step}' that imposed it ({RecordDates.Day(stepDay)})");
                from = null;
            }
            var until = RecordDates.Parse(d.Until, $"{at}.until", today, errors);
            if (until is { } u && from is { } start && u < start)
            {
                errors.Add($"{at}.until", $"{RecordDates.Day(u)} is before it takes effect ({RecordDates.Day(start)})");
                until = null;
            }
            var text = Required(d.Text, $"{at}.text", errors);
            var (rule, ruleError) = ObligationRule.Parse(d.Rule);
            if (ruleError is not null)
            {
                errors.Add($"{at}.rule", ruleError.ToString());
            }
            foreach (var route in rule?.Routes.Where(r => !routes.Contains(r)) ?? [])
            {
                errors.Add($"{at}.rule", $"there is no route '{route}' in this situation (its routes: {string.Join(", ", routes)})");
                rule = null;
            }
            var cited = Sources(d.Sources, $"{at}.sources", sources, errors);
            if (Slug.IsValid(d.Id) && imposed is not null && bearer is not null && from is not null && (d.Until is null || until is not null)
                && text is not null && rule is not null && cited is not null)
            {
                newObligations.Add(new Obligation(d.Id!, d.Step!, bearer, from.Value, until, text, rule, cited));
            }
        }
        return errors.IsEmpty ? (new LegalRecordSet(newBodies, newProceedings, newSteps, newObligations), errors) : (null, errors);
    }

    private static List<string> Ids(IEnumerable<string?> ids, string list, ValidationErrors errors)
    {
        var seen = new List<string>();
        var i = 0;
        foreach (var id in ids)
        {
            if (!Slug.IsValid(id))
            {
                errors.Add($"{list}[{i}].id", id is null ? "is required: a stable id such as icj-order-2023-02-22" : Slug.Rule);
            }
            else if (seen.Contains(id!, StringComparer.Ordinal))
            {
                errors.Add($"{list}[{i}].id", $"'{id}' is given twice");
            }
            else
            {
                seen.Add(id!);
            }
            i++;
        }
        return seen;
    }

    private static string? Required(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "is required");
            return null;
        }
        return text.Trim();
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static TEnum? Kind<TEnum>(string? text, string field, ValidationErrors errors) where TEnum : struct, Enum
    {
        var kind = KebabCase.Parse<TEnum>(text);
        if (kind is null)
        {
            errors.Add(field, text is null ? $"is required: one of {KebabCase.Choices<TEnum>()}" : $"'{text}' is not one of {KebabCase.Choices<TEnum>()}");
        }
        return kind;
    }

    private static Vote? Vote(string? text, string field, ValidationErrors errors, out bool ok)
    {
        ok = true;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Trim().Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var yes)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var no) && yes + no is > 0 and <= 1_000)
        {
            return new Vote(yes, no);
        }
        ok = false;
        errors.Add(field, $"'{text}' is not a vote: write it as for-against, such as 13-2");
        return null;
    }

    private static List<string>? Sources(IReadOnlyList<string>? cited, string field, IReadOnlySet<string> known, ValidationErrors errors)
    {
        if (cited is null || cited.Count == 0)
        {
            errors.Add(field, "at least one source is required: the id of a source of this situation");
            return null;
        }
        if (cited.Count > MaxSources)
        {
            errors.Add(field, $"at most {MaxSources} sources");
            return null;
        }
        var missing = cited.Where(s => !known.Contains(s)).ToList();
        foreach (var source in missing)
        {
            errors.Add(field, $"there is no source '{source}' in this situation");
        }
        return missing.Count == 0 ? cited.Distinct(StringComparer.Ordinal).ToList() : null;
    }
}
