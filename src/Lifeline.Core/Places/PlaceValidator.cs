using Lifeline.Core.Common;

namespace Lifeline.Core.Places;

/// <summary>A gazetteer entry as given, before it is checked.</summary>
public sealed record PlaceDraft(
    string? Id, string? Kind, IReadOnlyDictionary<string, string>? Names, double? Latitude, double? Longitude, string? CoordinatesSource);

public static class PlaceValidator
{
    /// <param name="sources">Ids of the sources that exist, for the coordinates' source.</param>
    public static (Place? Place, ValidationErrors Errors) Validate(PlaceDraft draft, IReadOnlySet<string> sources, string prefix)
    {
        var errors = new ValidationErrors();
        if (!Slug.IsValid(draft.Id))
        {
            errors.Add($"{prefix}.id", $"'{draft.Id}' is not a valid id: it {Slug.Rule}");
        }
        var kind = KebabCase.Parse<PlaceKind>(draft.Kind);
        if (kind is null)
        {
            errors.Add($"{prefix}.kind", $"'{draft.Kind}' is not a kind of place: use one of {KebabCase.Choices<PlaceKind>()}");
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, name) in draft.Names ?? new Dictionary<string, string>())
        {
            if (!Place.Languages.Contains(language))
            {
                errors.Add($"{prefix}.names.{language}", $"'{language}' is not a supported language: use {string.Join(", ", Place.Languages)}");
            }
            else if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{prefix}.names.{language}", "must not be empty");
            }
            else
            {
                names[language] = name.Trim();
            }
        }
        if (!names.ContainsKey("en"))
        {
            errors.Add($"{prefix}.names.en", "is required: the English name");
        }
        Coordinates? coordinates = null;
        if (draft.Latitude is not null || draft.Longitude is not null)
        {
            coordinates = draft is { Latitude: { } lat, Longitude: { } lon } ? Coordinates.TryCreate(lat, lon) : null;
            if (coordinates is null)
            {
                errors.Add($"{prefix}.latitude", "latitude (−90 to 90) and longitude (−180 to 180) must be given together");
            }
            else if (string.IsNullOrWhiteSpace(draft.CoordinatesSource))
            {
                errors.Add($"{prefix}.coordinatesSource", "is required with coordinates: where they were read");
            }
        }
        if (!string.IsNullOrWhiteSpace(draft.CoordinatesSource) && !sources.Contains(draft.CoordinatesSource))
        {
            errors.Add($"{prefix}.coordinatesSource", $"there is no source '{draft.CoordinatesSource}'");
        }
        return errors.IsEmpty
            ? (new Place(draft.Id!, kind!.Value, names, coordinates, coordinates is null ? null : draft.CoordinatesSource), errors)
            : (null, errors);
    }
}
