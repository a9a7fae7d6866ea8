using Lifeline.Core.Common;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.Exchange;

// The shapes of the `lifeline/1` exchange format (docs/data-format.md). Everything a file may get wrong is
// nullable or a string here, so that a bad value is reported by field rather than failing the whole read.

internal sealed record SituationDto
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Name { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? Region { get; init; }
    [TextRule(InputLimits.Code)]
    public string? StartDate { get; init; }
    [TextRule(InputLimits.Code)]
    public string? EndDate { get; init; }

    /// <summary>The first day the record may carry, on or before <see cref="StartDate"/>; absent: the start date.</summary>
    [TextRule(InputLimits.Code)]
    public string? RecordFrom { get; init; }

    /// <summary>The last day the record may carry, on or after <see cref="EndDate"/>; absent: the end date (open while it goes on).</summary>
    [TextRule(InputLimits.Code)]
    public string? RecordUntil { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 100)]
    public Dictionary<string, FigureDto>? Figures { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 100)]
    public List<RouteDto>? Routes { get; init; }

    /// <summary>What held for each utility before any event about it, with sources (keyed by utility).</summary>
    [TextRule(InputLimits.Code, MaxItems = 100)]
    public Dictionary<string, BaselineDto>? UtilityBaselines { get; init; }
}

internal sealed record BaselineDto
{
    [TextRule(InputLimits.Code)]
    public string? Status { get; init; }
    [TextRule(InputLimits.Id)]
    public List<string>? Sources { get; init; }
}

internal sealed record FigureDto
{
    public long? Value { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Qualifier { get; init; }
    [TextRule(InputLimits.Id)]
    public List<string>? Sources { get; init; }
}

internal sealed record RouteDto
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Name { get; init; }
    [TextRule(InputLimits.Name)]
    public List<string>? Via { get; init; }
    [TextRule(InputLimits.Id)]
    public List<string>? Sources { get; init; }

    /// <summary>What held for the route before any event about it, with sources.</summary>
    public BaselineDto? Baseline { get; init; }
}

internal sealed record SourceDto
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Publisher { get; init; }
    [TextRule(InputLimits.Url)]
    public string? Url { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? Title { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Published { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Retrieved { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Reliability { get; init; }
    public int? Credibility { get; init; }
    public bool? ProtectIdentity { get; init; }

    /// <summary>Who recorded the source first, when and why: the day Lifeline first had it, which dates an undated source.</summary>
    public RecordedDto? Recorded { get; init; }

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
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Kind { get; init; }
    [TextRule(InputLimits.Name)]
    public Dictionary<string, string>? Names { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    [TextRule(InputLimits.Url)]
    public string? CoordinatesSource { get; init; }
}

internal sealed record ActorDto
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Name { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Kind { get; init; }
    [TextRule(InputLimits.Id)]
    public List<string>? Affiliations { get; init; }
}

internal sealed record RecordedDto
{
    [TextRule(InputLimits.Code)]
    public string? At { get; init; }
    [TextRule(InputLimits.Name)]
    public string? By { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Reason { get; init; }
}

internal sealed record EventDto
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    public int? Version { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Date { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Time { get; init; }
    public int? TimePrecision { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Place { get; init; }
    public int? GeoPrecision { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Type { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Utility { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Route { get; init; }
    [TextRule(InputLimits.Code)]
    public string? EndDate { get; init; }
    [TextRule(InputLimits.Code)]
    public string? EndTime { get; init; }
    public double? DurationHours { get; init; }
    public bool? UntilFurtherNotice { get; init; }
    public double? HoursPerDay { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Actor1 { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Actor2 { get; init; }
    public int? Fatalities { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Notes { get; init; }
    [TextRule(InputLimits.Id)]
    public List<string>? Sources { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Stage { get; init; }
    public RecordedDto? Recorded { get; init; }
    [TextRule(InputLimits.Id)]
    public string? PartOf { get; init; }
    public bool? GapBefore { get; init; }

    /// <summary>
    /// In a built-in scenario: why this event differs from what an earlier release of the file said. Read only by
    /// <c>lifeline scenario update</c>, as the reason of the new version; an import ignores it and an export never writes it.
    /// </summary>
    [TextRule(InputLimits.Reason, TextLines.Many)]
    public string? Correction { get; init; }
}

internal sealed record ReviewDto
{
    [TextRule(InputLimits.Id)]
    public string? Event { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Verdict { get; init; }
    [TextRule(InputLimits.Note, TextLines.Many)]
    public string? Note { get; init; }
    [TextRule(InputLimits.Code)]
    public string? At { get; init; }
    [TextRule(InputLimits.Name)]
    public string? By { get; init; }
}

/// <summary>One version of a supply observation: the fields of a draft (docs/supplies.md) with its version and who recorded it.</summary>
internal sealed record SupplyObservationDto : Core.Supplies.SupplyObservationDraft
{
    [NumberRule(1, 1_000_000)]
    public int? Version { get; init; }
    public RecordedDto? Recorded { get; init; }
}

/// <summary>One step of an evidence file's chain of custody.</summary>
internal sealed record CustodyDto
{
    [NumberRule(1, 1_000_000)]
    public int? Step { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Action { get; init; }
    [TextRule(InputLimits.Code)]
    public string? At { get; init; }
    [TextRule(InputLimits.Name)]
    public string? By { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Why { get; init; }
    [TextRule(InputLimits.Name)]
    public string? To { get; init; }
}

/// <summary>
/// An evidence file's metadata, its SHA-256 and its chain of custody. The bytes are not in the document: they travel
/// beside it, in the folder <c>DOCUMENT.evidence/</c>, one file per SHA-256 (docs/data-format.md).
/// </summary>
internal sealed record EvidenceDto
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Id)]
    public string? Event { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Sha256 { get; init; }
    [NumberRule(0, long.MaxValue)]
    public long? Size { get; init; }
    [TextRule(InputLimits.Name)]
    public string? MediaType { get; init; }
    [TextRule(InputLimits.Name)]
    public string? FileName { get; init; }
    [TextRule(InputLimits.Code)]
    public string? CapturedAt { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? CapturedWhere { get; init; }
    [TextRule(InputLimits.Name)]
    public string? CapturedBy { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Device { get; init; }
    [TextRule(InputLimits.Notes, TextLines.Many)]
    public string? Description { get; init; }
    public RecordedDto? Received { get; init; }
    [TextRule(InputLimits.Code, MaxItems = 100_000)]
    public List<CustodyDto>? Custody { get; init; }
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
