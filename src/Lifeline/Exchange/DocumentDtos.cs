using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.Exchange;

// The shapes of the `lifeline/1` exchange format (docs/data-format.md). Everything a file may get wrong is
// nullable or a string here, so that a bad value is reported by field rather than failing the whole read.

internal sealed record SituationDto
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Region { get; init; }
    public string? StartDate { get; init; }
    public string? EndDate { get; init; }
    public Dictionary<string, FigureDto>? Figures { get; init; }
    public List<RouteDto>? Routes { get; init; }

    /// <summary>What held for each utility before any event about it, with sources (keyed by utility).</summary>
    public Dictionary<string, BaselineDto>? UtilityBaselines { get; init; }
}

internal sealed record BaselineDto
{
    public string? Status { get; init; }
    public List<string>? Sources { get; init; }
}

internal sealed record FigureDto
{
    public long? Value { get; init; }
    public string? Qualifier { get; init; }
    public List<string>? Sources { get; init; }
}

internal sealed record RouteDto
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public List<string>? Via { get; init; }
    public List<string>? Sources { get; init; }

    /// <summary>What held for the route before any event about it, with sources.</summary>
    public BaselineDto? Baseline { get; init; }
}

internal sealed record SourceDto
{
    public string? Id { get; init; }
    public string? Publisher { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Published { get; init; }
    public string? Retrieved { get; init; }
    public string? Reliability { get; init; }
    public int? Credibility { get; init; }
    public bool? ProtectIdentity { get; init; }

    /// <summary>The source as the validator reads it; an identity not said to be protected is not.</summary>
    public Core.Sources.SourceDraft ToDraft() => new()
    {
        Id = Id,
        Publisher = Publisher,
        Url = Url,
        Title = Title,
        Published = Published,
        Retrieved = Retrieved,
        Reliability = Reliability,
        Credibility = Credibility,
        ProtectIdentity = ProtectIdentity ?? false,
    };
}

internal sealed record PlaceDto
{
    public string? Id { get; init; }
    public string? Kind { get; init; }
    public Dictionary<string, string>? Names { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? CoordinatesSource { get; init; }
}

internal sealed record ActorDto
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public List<string>? Affiliations { get; init; }
}

internal sealed record RecordedDto
{
    public string? At { get; init; }
    public string? By { get; init; }
    public string? Reason { get; init; }
}

internal sealed record EventDto
{
    public string? Id { get; init; }
    public int? Version { get; init; }
    public string? Date { get; init; }
    public string? Time { get; init; }
    public int? TimePrecision { get; init; }
    public string? Place { get; init; }
    public int? GeoPrecision { get; init; }
    public string? Type { get; init; }
    public string? Utility { get; init; }
    public string? Route { get; init; }
    public string? EndDate { get; init; }
    public string? EndTime { get; init; }
    public double? DurationHours { get; init; }
    public bool? UntilFurtherNotice { get; init; }
    public double? HoursPerDay { get; init; }
    public string? Actor1 { get; init; }
    public string? Actor2 { get; init; }
    public int? Fatalities { get; init; }
    public string? Notes { get; init; }
    public List<string>? Sources { get; init; }
    public string? Stage { get; init; }
    public RecordedDto? Recorded { get; init; }
}

internal sealed record ReviewDto
{
    public string? Event { get; init; }
    public string? Verdict { get; init; }
    public string? Note { get; init; }
    public string? At { get; init; }
    public string? By { get; init; }
}

internal static class ExchangeJson
{
    public const string Format = "lifeline/1";

    /// <summary>Fixed settings: the same record always gives the same bytes.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        IndentSize = 2,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
