using System.Text.Json;
using Lifeline.Core.Common;
using Lifeline.Core.Events;

namespace Lifeline.Core.Situations;

public sealed record FigureDraft(long? Value, string? Qualifier, IReadOnlyList<string>? Sources);

public sealed record RouteDraft(string? Id, string? Name, IReadOnlyList<string>? Via, IReadOnlyList<string>? Sources);

/// <summary>A situation as given, before it is checked. Figure keys are camelCase (<c>olderPeople</c>).</summary>
public sealed record SituationDraft(
    string? Id, string? Name, string? Region, string? StartDate, string? EndDate,
    IReadOnlyDictionary<string, FigureDraft>? Figures, IReadOnlyList<RouteDraft>? Routes);

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
            routes.Add(new Route(route.Id ?? "", route.Name?.Trim() ?? "", via, route.Sources ?? []));
        }

        return errors.IsEmpty
            ? (new Situation(draft.Id!, draft.Name!.Trim(), draft.Region!.Trim(), start!.Value, end, figures, routes), errors)
            : (null, errors);
    }

    private static void CheckSources(IReadOnlyList<string>? cited, string path, IReadOnlySet<string> sources, ValidationErrors errors, bool required)
    {
        if (required && (cited is null || cited.Count == 0))
        {
            errors.Add(path, "at least one source is required: a figure without a source is not kept");
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
