using System.Globalization;
using Lifeline.Core.Common;

namespace Lifeline.Core.EarlyWarning;

/// <summary>What an analyst judges about an indicator on a date.</summary>
public enum IndicatorStatus
{
    Present,
    Absent,

    /// <summary>Looked at, but the evidence does not settle it either way.</summary>
    Unknown,
}

/// <summary>How sure the analyst is. Each level counts for a fixed share in the risk level (<see cref="RiskModel"/>).</summary>
public enum Confidence
{
    Low,
    Medium,
    High,
}

/// <summary>
/// An analyst's judgement that <paramref name="Subject"/> is present, absent or unknown in a situation as of
/// <paramref name="AsOf"/>, with the events, sources and evidence files that support it. It holds from its date
/// until a later-dated assessment of the same subject.
/// </summary>
/// <param name="StantonStages">Stanton's stages (1–10) the same evidence points to, as a second lens; may be empty.</param>
public sealed record AssessmentContent(
    IndicatorId Subject,
    DateOnly AsOf,
    IndicatorStatus Status,
    Confidence Confidence,
    IReadOnlyList<string> EventIds,
    IReadOnlyList<string> SourceIds,
    IReadOnlyList<string> EvidenceIds,
    IReadOnlyList<int> StantonStages,
    string? Note)
{
    public int EvidenceCount => EventIds.Count + SourceIds.Count + EvidenceIds.Count;

    public bool Equals(AssessmentContent? other) =>
        other is not null && Subject == other.Subject && AsOf == other.AsOf && Status == other.Status && Confidence == other.Confidence
        && EventIds.SequenceEqual(other.EventIds) && SourceIds.SequenceEqual(other.SourceIds) && EvidenceIds.SequenceEqual(other.EvidenceIds)
        && StantonStages.SequenceEqual(other.StantonStages) && Note == other.Note;

    public override int GetHashCode() => HashCode.Combine(Subject, AsOf, Status, Confidence, EvidenceCount);
}

/// <summary>An assessment as the risk model sees it: its id and version beside its content.</summary>
public sealed record Assessment(string Id, int Version, AssessmentContent Content);

/// <summary>An assessment as typed into a form or sent to the API: every field as text, checked by <see cref="AssessmentValidator"/>.</summary>
public sealed record AssessmentDraft
{
    [TextRule(InputLimits.Code)]
    public string? Indicator { get; init; }
    [TextRule(InputLimits.Code)]
    public string? AsOf { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Status { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Confidence { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Events { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Sources { get; init; }
    [TextRule(InputLimits.Id)]
    public IReadOnlyList<string>? Evidence { get; init; }
    public IReadOnlyList<int>? StantonStages { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Note { get; init; }
}

/// <summary>The first day something could be known, and why that day.</summary>
/// <param name="Basis">In words: "published 2023-08-18", "recorded in Lifeline on 2026-11-26".</param>
public sealed record KnownFrom(DateOnly Date, string Basis)
{
    /// <summary>
    /// A source is available from its publication date; without one, from the day it was retrieved; without either,
    /// from the day it was recorded in Lifeline (the one date Lifeline itself can vouch for).
    /// </summary>
    public static KnownFrom Source(DateOnly? published, DateOnly? retrieved, DateOnly recorded) =>
        published is { } p ? new(p, $"published {Iso(p)}")
        : retrieved is { } r ? new(r, $"no publication date; retrieved {Iso(r)}")
        : new(recorded, $"no publication or retrieval date; recorded in Lifeline on {Iso(recorded)}");

    /// <summary>
    /// An event is known from the day its earliest available source was, and never before the day it happened: an
    /// event is known when someone reported it.
    /// </summary>
    public static KnownFrom Event(DateOnly date, IEnumerable<(string Id, KnownFrom Known)> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var earliest = sources.OrderBy(s => s.Known.Date).ThenBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault();
        if (earliest.Known is null)
        {
            return new(date, $"dated {Iso(date)}, no source");
        }
        return earliest.Known.Date <= date
            ? new(date, $"dated {Iso(date)}; source {earliest.Id} {earliest.Known.Basis}")
            : new(earliest.Known.Date, $"dated {Iso(date)}, first reported by source {earliest.Id}, {earliest.Known.Basis}");
    }

    /// <summary>An evidence file is known from the day it was captured; without a capture date, from the day Lifeline received it.</summary>
    public static KnownFrom Evidence(DateOnly? captured, DateOnly received) =>
        captured is { } c ? new(c, $"captured {Iso(c)}") : new(received, $"no capture date; received {Iso(received)}");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The events, sources and evidence files that exist in the situation, each with the first day it could be known, for
/// checking what an assessment cites: an assessment may cite only what could be known on its date.
/// </summary>
/// <param name="Period">The situation's record period, which an assessment's date must fit; null only where no situation is at hand.</param>
public sealed record AssessmentReferences(
    IReadOnlyDictionary<string, KnownFrom> Events,
    IReadOnlyDictionary<string, KnownFrom> Sources,
    IReadOnlyDictionary<string, KnownFrom> Evidence,
    Situations.RecordPeriod? Period = null);

/// <summary>Checks an <see cref="AssessmentDraft"/> and names every field that is wrong.</summary>
public static class AssessmentValidator
{
    public const int MaxNoteLength = 10_000;
    public const int MaxCitations = 500;

    /// <param name="today">Today (UTC) from the injected clock: an assessment may not be dated after it.</param>
    public static (AssessmentContent? Content, ValidationErrors Errors) Validate(
        AssessmentDraft draft, FrameworkCatalogue catalogue, AssessmentReferences references, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(references);
        var declared = InputRules.Check(draft);
        if (!declared.IsEmpty)
        {
            return (null, declared);
        }
        var errors = new ValidationErrors();

        var subject = IndicatorId.TryParse(draft.Indicator);
        if (subject is null)
        {
            errors.Add("indicator", $"'{draft.Indicator}' is not a Framework indicator: write it as 7.6, or a risk factor as a whole as 14");
        }
        else if (!catalogue.Contains(subject.Value))
        {
            errors.Add("indicator", $"risk factor {subject.Value.Factor} has no indicator {subject.Value} in the catalogue; assess the factor as a whole ({subject.Value.Factor}) or one of its listed indicators");
        }

        DateOnly asOf = default;
        if (string.IsNullOrWhiteSpace(draft.AsOf))
        {
            errors.Add("asOf", "is required: the date the judgement holds from (YYYY-MM-DD)");
        }
        else if (!DateOnly.TryParseExact(draft.AsOf.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
        {
            errors.Add("asOf", $"'{draft.AsOf}' is not a date: write it as YYYY-MM-DD");
        }
        else if (asOf < RecordDates.Earliest)
        {
            errors.Add("asOf", $"{draft.AsOf} is before {RecordDates.Day(RecordDates.Earliest)}: Lifeline takes dates from then to today");
        }
        else if (asOf > today)
        {
            errors.Add("asOf", $"{draft.AsOf} is in the future (today is {today:yyyy-MM-dd}): an assessment says what is known now or was known then");
        }
        else if (references.Period is { } period)
        {
            period.Check(asOf, asOf, "asOf", today, errors);
        }

        var status = KebabCase.Parse<IndicatorStatus>(draft.Status);
        if (status is null)
        {
            errors.Add("status", $"'{draft.Status}' is not one of {KebabCase.Choices<IndicatorStatus>()}");
        }
        var confidence = draft.Confidence is null ? EarlyWarning.Confidence.Medium : KebabCase.Parse<Confidence>(draft.Confidence);
        if (confidence is null)
        {
            errors.Add("confidence", $"'{draft.Confidence}' is not one of {KebabCase.Choices<Confidence>()}");
        }

        // An assessment says what could be known on its date: nothing it cites may be known only later.
        DateOnly? knownBy = errors.Fields.Contains("asOf") ? null : asOf;
        var events = Citations(draft.Events, "events", "event", references.Events, knownBy, errors);
        var sources = Citations(draft.Sources, "sources", "source", references.Sources, knownBy, errors);
        var evidence = Citations(draft.Evidence, "evidence", "evidence file", references.Evidence, knownBy, errors);
        if (events.Count + sources.Count + evidence.Count == 0 && (draft.Events ?? []).Count + (draft.Sources ?? []).Count + (draft.Evidence ?? []).Count == 0)
        {
            errors.Add("evidence", "an assessment needs evidence: cite at least one event (events), source (sources) or evidence file (evidence)");
        }

        var stages = (draft.StantonStages ?? []).Distinct().Order().ToList();
        if (stages.Any(s => s is < 1 or > 10))
        {
            errors.Add("stantonStages", "Stanton's stages are numbered 1 to 10");
        }

        var note = string.IsNullOrWhiteSpace(draft.Note) ? null : draft.Note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            errors.Add("note", $"must be at most {MaxNoteLength} characters");
        }

        if (!errors.IsEmpty || subject is null || status is null || confidence is null)
        {
            return (null, errors);
        }
        return (new AssessmentContent(subject.Value, asOf, status.Value, confidence.Value, events, sources, evidence, stages, note), errors);
    }

    private static List<string> Citations(
        IReadOnlyList<string>? ids, string field, string what, IReadOnlyDictionary<string, KnownFrom> known, DateOnly? asOf, ValidationErrors errors)
    {
        var list = (ids ?? []).Select(i => i?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > MaxCitations)
        {
            errors.Add(field, $"may cite at most {MaxCitations} items");
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (!known.TryGetValue(list[i], out var from))
            {
                errors.Add($"{field}[{i}]", $"there is no {what} '{list[i]}' in this situation");
            }
            else if (asOf is { } day && from.Date > day)
            {
                errors.Add($"{field}[{i}]", $"{what} '{list[i]}' could first be known on {from.Date:yyyy-MM-dd} ({from.Basis}), after the assessment's date {day:yyyy-MM-dd}: an assessment may cite only what was known on its date; date it {from.Date:yyyy-MM-dd} or later");
            }
        }
        return list;
    }
}
