using System.Text.Json;
using Lifeline.Core.Common;
using Lifeline.Core.Events;

namespace Lifeline.Core.Situations;

public sealed record FigureDraft(long? Value, string? Qualifier, IReadOnlyList<string>? Sources);

/// <summary>A baseline as given: a status word (<c>open</c>, <c>available</c>, …) and the sources that state it.</summary>
public sealed record BaselineDraft(string? Status, IReadOnlyList<string>? Sources);

public sealed record RouteDraft(string? Id, string? Name, IReadOnlyList<string>? Via, IReadOnlyList<string>? Sources)
{
    public BaselineDraft? Baseline { get; init; }
}

/// <summary>A situation as given, before it is checked. Figure keys are camelCase (<c>olderPeople</c>).</summary>
public sealed record SituationDraft(
    string? Id, string? Name, string? Region, string? StartDate, string? EndDate,
    IReadOnlyDictionary<string, FigureDraft>? Figures, IReadOnlyList<RouteDraft>? Routes)
{
    /// <summary>Keyed by utility (<c>gas</c>, <c>electricity</c>, <c>internet</c>, <c>water</c>).</summary>
    public IReadOnlyDictionary<string, BaselineDraft>? UtilityBaselines { get; init; }

    /// <summary>The first day the record may carry (YYYY-MM-DD), on or before the start date; none: the start date.</summary>
    public string? RecordFrom { get; init; }

    /// <summary>The last day the record may carry, on or after the end date; none: the end date, or open while it goes on.</summary>
    public string? RecordUntil { get; init; }
}

public static class SituationValidator
{
    /// <param name="places">Ids of the places that will exist, for the routes.</param>
    /// <param name="sources">Ids of the sources that will exist, for the figures and routes.</param>
    public static (Situation? Situation, ValidationErrors Errors) Validate(
        SituationDraft draft, IReadOnlySet<string> places, IReadOnlySet<string> sources, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (!Slug.IsValid(draft.Id))
        {
            errors.Add("situation.id", $"'{draft.Id}' is not a valid id: it {Slug.Rule}");
        }
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors.Add("situation.name", "is required, e.g. \"Blockade of the Lachin corridor\"");
        }
        if (string.IsNullOrWhiteSpace(draft.Region))
        {
            errors.Add("situation.region", "is required, e.g. \"Nagorno-Karabakh\"");
        }
        var start = EventValidator.ParseDate(draft.StartDate, "situation.startDate", errors, today);
        var end = EventValidator.ParseDate(draft.EndDate, "situation.endDate", errors, today, required: false);
        if (start is { } s && end is { } e && e < s)
        {
            errors.Add("situation.endDate", $"{e:yyyy-MM-dd} is before the start date {s:yyyy-MM-dd}");
        }
        var recordFrom = EventValidator.ParseDate(draft.RecordFrom, "situation.recordFrom", errors, today, required: false);
        var recordUntil = EventValidator.ParseDate(draft.RecordUntil, "situation.recordUntil", errors, today, required: false);
        if (recordFrom is { } rf && start is { } s2 && rf > s2)
        {
            errors.Add("situation.recordFrom", $"{rf:yyyy-MM-dd} is after the start date {s2:yyyy-MM-dd}: the record period holds the situation's own period and may reach before it");
        }
        if (recordUntil is { } ru)
        {
            if (end is { } e2 && ru < e2)
            {
                errors.Add("situation.recordUntil", $"{ru:yyyy-MM-dd} is before the end date {e2:yyyy-MM-dd}: the record period holds the situation's own period and may reach after it");
            }
            else if (end is null && string.IsNullOrWhiteSpace(draft.EndDate))
            {
                errors.Add("situation.recordUntil", "applies once the situation has an end date: while it goes on, its record takes dates up to tomorrow");
            }
        }

        var figures = new Dictionary<SituationFigure, SourcedFigure>();
        foreach (var (key, figure) in draft.Figures ?? new Dictionary<string, FigureDraft>())
        {
            var path = $"situation.figures.{key}";
            var which = Enum.GetValues<SituationFigure>().Cast<SituationFigure?>()
                .FirstOrDefault(f => JsonNamingPolicy.CamelCase.ConvertName(f!.Value.ToString()) == key);
            if (which is null)
            {
                errors.Add(path, $"'{key}' is not a figure: use {string.Join(", ", Enum.GetValues<SituationFigure>().Select(f => JsonNamingPolicy.CamelCase.ConvertName(f.ToString())))}");
                continue;
            }
            if (figure.Value is not >= 0)
            {
                errors.Add($"{path}.value", "is required: a whole number, 0 or more");
            }
            CheckSources(figure.Sources, $"{path}.sources", sources, errors, required: true);
            if (figure.Value is { } value and >= 0)
            {
                figures[which.Value] = new SourcedFigure(value, string.IsNullOrWhiteSpace(figure.Qualifier) ? null : figure.Qualifier.Trim(), figure.Sources ?? []);
            }
        }

        var routes = new List<Route>();
        var routeIds = new HashSet<string>(StringComparer.Ordinal);
        var draftRoutes = draft.Routes ?? [];
        for (var i = 0; i < draftRoutes.Count; i++)
        {
            var route = draftRoutes[i];
            var path = $"situation.routes[{i}]";
            if (!Slug.IsValid(route.Id))
            {
                errors.Add($"{path}.id", $"'{route.Id}' is not a valid id: it {Slug.Rule}");
            }
            else if (!routeIds.Add(route.Id!))
            {
                errors.Add($"{path}.id", $"route '{route.Id}' is listed twice");
            }
            if (string.IsNullOrWhiteSpace(route.Name))
            {
                errors.Add($"{path}.name", "is required");
            }
            var via = route.Via ?? [];
            for (var j = 0; j < via.Count; j++)
            {
                if (!places.Contains(via[j]))
                {
                    errors.Add($"{path}.via[{j}]", $"there is no place '{via[j]}'");
                }
            }
            CheckSources(route.Sources, $"{path}.sources", sources, errors, required: false);
            routes.Add(new Route(route.Id ?? "", route.Name?.Trim() ?? "", via, route.Sources ?? [])
            {
                Baseline = route.Baseline is { } b ? Baseline<CorridorStatus>(b, $"{path}.baseline", sources, errors) : null,
            });
        }

        var utilityBaselines = new Dictionary<Utility, StatusBaseline<UtilityStatus>>();
        foreach (var (key, baseline) in draft.UtilityBaselines ?? new Dictionary<string, BaselineDraft>())
        {
            var path = $"situation.utilityBaselines.{key}";
            if (KebabCase.Parse<Utility>(key) is not { } utility)
            {
                errors.Add(path, $"'{key}' is not a utility: use {KebabCase.Choices<Utility>()}");
                continue;
            }
            if (Baseline<UtilityStatus>(baseline, path, sources, errors) is { } checkedBaseline)
            {
                utilityBaselines[utility] = checkedBaseline;
            }
        }

        return errors.IsEmpty
            ? (new Situation(draft.Id!, draft.Name!.Trim(), draft.Region!.Trim(), start!.Value, end, figures, routes) { UtilityBaselines = utilityBaselines, RecordFrom = recordFrom, RecordUntil = recordUntil }, errors)
            : (null, errors);
    }

    /// <summary>A baseline is a known status (never <c>unknown</c>: leave the baseline out instead) with at least one source.</summary>
    private static StatusBaseline<TStatus>? Baseline<TStatus>(BaselineDraft draft, string path, IReadOnlySet<string> sources, ValidationErrors errors)
        where TStatus : struct, Enum
    {
        var known = Enum.GetValues<TStatus>().Where(s => Convert.ToInt32(s, System.Globalization.CultureInfo.InvariantCulture) >= 0).Select(s => KebabCase.Of(s)).ToList();
        var status = KebabCase.Parse<TStatus>(draft.Status);
        if (status is null || Convert.ToInt32(status.Value, System.Globalization.CultureInfo.InvariantCulture) < 0)
        {
            errors.Add($"{path}.status", string.IsNullOrWhiteSpace(draft.Status)
                ? $"is required: one of {string.Join(", ", known)}"
                : $"'{draft.Status}' is not a baseline status: use one of {string.Join(", ", known)} (where nothing is known, give no baseline)");
        }
        CheckSources(draft.Sources, $"{path}.sources", sources, errors, required: true, what: "a baseline");
        return status is { } s && Convert.ToInt32(s, System.Globalization.CultureInfo.InvariantCulture) >= 0 && draft.Sources is { Count: > 0 }
            ? new StatusBaseline<TStatus>(s, draft.Sources)
            : null;
    }

    private static void CheckSources(IReadOnlyList<string>? cited, string path, IReadOnlySet<string> sources, ValidationErrors errors, bool required, string what = "a figure")
    {
        if (required && (cited is null || cited.Count == 0))
        {
            errors.Add(path, $"at least one source is required: {what} without a source is not kept");
            return;
        }
        for (var i = 0; i < (cited?.Count ?? 0); i++)
        {
            if (!sources.Contains(cited![i]))
            {
                errors.Add($"{path}[{i}]", $"there is no source '{cited[i]}'");
            }
        }
    }
}
