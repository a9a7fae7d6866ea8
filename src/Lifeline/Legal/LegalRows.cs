using System.Globalization;
using System.Text.Json.Nodes;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Legal;

/// <summary>
/// The columns of a version of a legal record: a body, a proceeding, a step or an obligation. What the four kinds share
/// (situation, id, kind, the record they belong to, their date) are columns; the rest of each kind is its
/// <see cref="Content"/>, a JSON object (<see cref="LegalContent"/>), committed to the ledger with the rest.
/// </summary>
internal abstract class LegalColumns
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }

    /// <summary>Unique within the situation across the four kinds.</summary>
    public required string RecordId { get; set; }

    /// <summary><c>body</c>, <c>proceeding</c>, <c>step</c> or <c>obligation</c>.</summary>
    public required string Kind { get; set; }

    public int Version { get; set; }

    /// <summary>The body of a proceeding, the proceeding of a step, the step of an obligation; null for a body.</summary>
    public string? Parent { get; set; }

    /// <summary>The day a proceeding was opened, a step taken, an obligation took effect; null for a body.</summary>
    public DateOnly? Date { get; set; }

    /// <summary>The record's other fields as a JSON object (<see cref="LegalContent"/>).</summary>
    public required string Content { get; set; }

    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? RecordedByUser { get; set; }
    public required string Reason { get; set; }

    public void CopyFrom(LegalColumns other)
    {
        (SituationId, RecordId, Kind, Version, Parent, Date, Content) = (other.SituationId, other.RecordId, other.Kind, other.Version, other.Parent, other.Date, other.Content);
        (RecordedAt, RecordedBy, RecordedByUser, Reason) = (other.RecordedAt, other.RecordedBy, other.RecordedByUser, other.Reason);
    }
}

/// <summary>A legal record as it stands now (its latest version).</summary>
internal sealed class LegalRecordRow : LegalColumns
{
}

/// <summary>Every version of every legal record, each committed to the ledger with its salt.</summary>
internal sealed class LegalRecordVersionRow : LegalColumns
{
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();
}

internal sealed class LegalRowConfiguration : IEntityTypeConfiguration<LegalRecordRow>, IEntityTypeConfiguration<LegalRecordVersionRow>
{
    public void Configure(EntityTypeBuilder<LegalRecordRow> builder)
    {
        builder.ToTable("legal_records");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.RecordId }).IsUnique();
        builder.HasIndex(r => new { r.SituationId, r.Kind, r.Date });
    }

    public void Configure(EntityTypeBuilder<LegalRecordVersionRow> builder)
    {
        builder.ToTable("legal_record_versions");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.RecordId, r.Version }).IsUnique();
    }
}

/// <summary>The kinds of legal record, as the <c>kind</c> column and the ledger's record types name them.</summary>
internal static class LegalKinds
{
    public const string Body = "body";
    public const string Proceeding = "proceeding";
    public const string Step = "step";
    public const string Obligation = "obligation";

    /// <summary>The name of a kind's list in a file and in the API's paths: <c>bodies</c>, <c>proceedings</c>, <c>steps</c>, <c>obligations</c>.</summary>
    public static string List(string kind) => kind == Body ? "bodies" : kind + "s";
}

/// <summary>
/// A legal record's columns from its domain value, and back. The content holds what the columns do not, under the
/// names the file format uses (docs/legal.md).
/// </summary>
internal static class LegalContent
{
    public static (string Kind, string Id, string? Parent, DateOnly? Date, JsonObject Content) Of(Body body) =>
        (LegalKinds.Body, body.Id, null, null, new JsonObject { ["name"] = body.Name, ["kind"] = KebabCase.Of(body.Kind), ["sources"] = Strings(body.Sources) });

    public static (string Kind, string Id, string? Parent, DateOnly? Date, JsonObject Content) Of(Proceeding p) =>
        (LegalKinds.Proceeding, p.Id, p.BodyId, p.Opened,
            new JsonObject { ["name"] = p.Name, ["number"] = p.Number, ["parties"] = Strings(p.Parties), ["sources"] = Strings(p.Sources) });

    public static (string Kind, string Id, string? Parent, DateOnly? Date, JsonObject Content) Of(ProceedingStep s) =>
        (LegalKinds.Step, s.Id, s.ProceedingId, s.Date, new JsonObject
        {
            ["kind"] = KebabCase.Of(s.Kind),
            ["vote"] = s.Vote is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.For}-{v.Against}") : null,
            ["decision"] = s.Decision,
            ["cites"] = Strings(s.Cites),
            ["sources"] = Strings(s.Sources),
        });

    public static (string Kind, string Id, string? Parent, DateOnly? Date, JsonObject Content) Of(Obligation o) =>
        (LegalKinds.Obligation, o.Id, o.StepId, o.From, new JsonObject
        {
            ["bearer"] = o.Bearer,
            ["until"] = o.Until is { } u ? RecordDates.Day(u) : null,
            ["text"] = o.Text,
            ["rule"] = o.Rule.ToString(),
            ["sources"] = Strings(o.Sources),
        });

    /// <summary>The stored records of a situation as the core reads them (current versions).</summary>
    public static LegalRecordSet ToSet(IEnumerable<LegalColumns> rows)
    {
        var bodies = new List<Body>();
        var proceedings = new List<Proceeding>();
        var steps = new List<ProceedingStep>();
        var obligations = new List<Obligation>();
        foreach (var row in rows)
        {
            var c = JsonNode.Parse(row.Content)!.AsObject();
            switch (row.Kind)
            {
                case LegalKinds.Body:
                    bodies.Add(new Body(row.RecordId, Text(c, "name"), KebabCase.Parse<BodyKind>(Text(c, "kind")) ?? BodyKind.Mechanism, List(c, "sources")));
                    break;
                case LegalKinds.Proceeding:
                    proceedings.Add(new Proceeding(row.RecordId, row.Parent!, Text(c, "name"), (string?)c["number"], List(c, "parties"), row.Date!.Value, List(c, "sources")));
                    break;
                case LegalKinds.Step:
                    steps.Add(new ProceedingStep(row.RecordId, row.Parent!, row.Date!.Value, KebabCase.Parse<StepKind>(Text(c, "kind")) ?? StepKind.Statement,
                        VoteOf((string?)c["vote"]), Text(c, "decision"), List(c, "cites"), List(c, "sources")));
                    break;
                case LegalKinds.Obligation:
                    var until = (string?)c["until"];
                    obligations.Add(new Obligation(row.RecordId, row.Parent!, Text(c, "bearer"), row.Date!.Value,
                        until is null ? null : DateOnly.ParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture), Text(c, "text"),
                        ObligationRule.Parse((string?)c["rule"]).Rule ?? throw new InvalidDataException($"obligation {row.RecordId}: its stored rule does not read"),
                        List(c, "sources")));
                    break;
                default:
                    throw new InvalidDataException($"legal record {row.RecordId}: unknown kind '{row.Kind}'");
            }
        }
        return new LegalRecordSet(
            bodies.OrderBy(b => b.Id, StringComparer.Ordinal).ToList(),
            proceedings.OrderBy(p => p.Opened).ThenBy(p => p.Id, StringComparer.Ordinal).ToList(),
            steps.OrderBy(s => s.Date).ThenBy(s => s.Id, StringComparer.Ordinal).ToList(),
            obligations.OrderBy(o => o.From).ThenBy(o => o.Id, StringComparer.Ordinal).ToList());
    }

    private static Vote? VoteOf(string? text)
    {
        if (text?.Split('-') is [var yes, var no])
        {
            return new Vote(int.Parse(yes, CultureInfo.InvariantCulture), int.Parse(no, CultureInfo.InvariantCulture));
        }
        return null;
    }

    private static string Text(JsonObject c, string name) => (string?)c[name] ?? "";

    private static List<string> List(JsonObject c, string name) =>
        c[name] is JsonArray a ? a.Select(n => (string?)n ?? "").ToList() : [];

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
