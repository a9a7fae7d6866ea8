using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lifeline.Core.Access;
using Lifeline.Core.Claims;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Claims;

/// <summary>
/// The columns of a version of a claim. What lists and access read (day, type, standing, stage, author) are columns;
/// the rest is <see cref="Content"/>, a JSON object (<see cref="ClaimContent"/>), committed to the ledger with the rest.
/// </summary>
internal abstract class ClaimColumns
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string ClaimId { get; set; }
    public int Version { get; set; }

    /// <summary>The day the claim was made.</summary>
    public DateOnly Made { get; set; }

    /// <summary>Its type, kebab-case (<see cref="ClaimType"/>).</summary>
    public required string Type { get; set; }

    /// <summary>Its standing once reviewed, kebab-case (<see cref="ClaimStanding"/>); null before.</summary>
    public string? Standing { get; set; }

    /// <summary><c>intake</c>, <c>reviewed</c> or <c>published</c> (<see cref="EventStage"/>): who may read it.</summary>
    public required string Stage { get; set; }

    /// <summary>The account that recorded the first version (it may read its own claim before review); null for a file.</summary>
    public string? AuthorId { get; set; }

    /// <summary>The claim's other fields as a JSON object (<see cref="ClaimContent"/>).</summary>
    public required string Content { get; set; }

    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? RecordedByUser { get; set; }
    public required string Reason { get; set; }

    public EventStage StageValue => KebabCase.Parse<EventStage>(Stage) ?? EventStage.Intake;

    public void CopyFrom(ClaimColumns other)
    {
        (SituationId, ClaimId, Version, Made, Type, Standing, Stage, AuthorId, Content) =
            (other.SituationId, other.ClaimId, other.Version, other.Made, other.Type, other.Standing, other.Stage, other.AuthorId, other.Content);
        (RecordedAt, RecordedBy, RecordedByUser, Reason) = (other.RecordedAt, other.RecordedBy, other.RecordedByUser, other.Reason);
    }
}

/// <summary>A claim as it stands now (its latest version).</summary>
internal sealed class ClaimRow : ClaimColumns
{
}

/// <summary>Every version of every claim, each committed to the ledger with its salt.</summary>
internal sealed class ClaimVersionRow : ClaimColumns
{
    public byte[] Salt { get; set; } = RecordSalt.New();
}

internal sealed class ClaimRowConfiguration : IEntityTypeConfiguration<ClaimRow>, IEntityTypeConfiguration<ClaimVersionRow>
{
    public void Configure(EntityTypeBuilder<ClaimRow> builder)
    {
        builder.ToTable("claims");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.ClaimId }).IsUnique();
        builder.HasIndex(r => new { r.SituationId, r.Stage, r.Made });
        builder.Ignore(r => r.StageValue);
    }

    public void Configure(EntityTypeBuilder<ClaimVersionRow> builder)
    {
        builder.ToTable("claim_versions");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.ClaimId, r.Version }).IsUnique();
        builder.Ignore(r => r.StageValue);
    }
}

/// <summary>A claim's columns from its domain value, and back; the content holds the fields under the names of the file format.</summary>
internal static class ClaimContent
{
    public static ClaimVersionRow Version(string situationId, Claim claim, int version, string? authorId, DateTime at, string by, string? userId, string reason) => new()
    {
        SituationId = situationId,
        ClaimId = claim.Id,
        Version = version,
        Made = claim.Made,
        Type = KebabCase.Of(claim.Type),
        Standing = claim.Verdict is { } v ? KebabCase.Of(v.Standing) : null,
        Stage = KebabCase.Of(claim.Stage),
        AuthorId = authorId,
        Content = Encoding.UTF8.GetString(CanonicalJson.Serialize(Of(claim))),
        RecordedAt = at,
        RecordedBy = by,
        RecordedByUser = userId,
        Reason = reason,
    };

    public static JsonObject Of(Claim c) => new()
    {
        ["actor"] = c.Actor,
        ["where"] = c.Where,
        ["text"] = c.Text,
        ["quoted"] = c.Quoted,
        ["subjects"] = Strings(c.Subjects.Select(s => KebabCase.Of(s))),
        ["sources"] = Strings(c.Sources),
        ["assertion"] = c.Assertion is { } a ? new JsonObject
        {
            ["rule"] = a.Rule.ToString(),
            ["from"] = RecordDates.Day(a.From),
            ["to"] = RecordDates.Day(a.To),
            ["words"] = a.Words,
        } : null,
        ["review"] = c.Verdict is { } v ? new JsonObject
        {
            ["standing"] = KebabCase.Of(v.Standing),
            ["note"] = v.Note,
            ["events"] = Strings(v.Events),
            ["sources"] = Strings(v.Sources),
            ["by"] = v.By,
            ["on"] = RecordDates.Day(v.On),
        } : null,
    };

    public static Claim ToDomain(ClaimColumns row)
    {
        var c = JsonNode.Parse(row.Content)!.AsObject();
        ClaimAssertion? assertion = null;
        if (c["assertion"] is JsonObject a)
        {
            var rule = ObligationRule.Parse((string?)a["rule"]).Rule ?? throw new InvalidDataException($"claim {row.ClaimId}: its stored rule does not read");
            assertion = new ClaimAssertion(rule, Day(a, "from"), Day(a, "to"), Text(a, "words"));
        }
        ClaimVerdict? verdict = null;
        if (c["review"] is JsonObject r)
        {
            verdict = new ClaimVerdict(KebabCase.Parse<ClaimStanding>(Text(r, "standing")) ?? ClaimStanding.NotCheckable, Text(r, "note"),
                List(r, "events"), List(r, "sources"), Text(r, "by"), Day(r, "on"));
        }
        return new Claim(row.ClaimId, Text(c, "actor"), row.Made, (string?)c["where"], Text(c, "text"), (bool?)c["quoted"] ?? false,
            KebabCase.Parse<ClaimType>(row.Type) ?? ClaimType.FactualAssertion,
            List(c, "subjects").Select(s => KebabCase.Parse<ClaimSubject>(s)).OfType<ClaimSubject>().ToList(),
            List(c, "sources"), assertion, verdict, row.StageValue);
    }

    private static DateOnly Day(JsonObject o, string name) => DateOnly.ParseExact(Text(o, name), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(JsonObject c, string name) => (string?)c[name] ?? "";

    private static List<string> List(JsonObject c, string name) =>
        c[name] is JsonArray a ? a.Select(n => (string?)n ?? "").ToList() : [];

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
