using System.Globalization;
using System.Text.Json.Nodes;
using Lifeline.Ledger;

namespace Lifeline.Supplies;

/// <summary>
/// The canonical form of a supply observation version (docs/ledger.md, "Canonical records"): every stored column,
/// by its API name, <c>null</c> when empty. It is built from the columns themselves, not from what they mean, so
/// a changed column, even one that no longer reads, changes the content hash.
/// </summary>
internal static class SupplyCanonical
{
    public static JsonObject Record(SupplyObservationColumns row) => new()
    {
        ["situation"] = row.SituationId,
        ["id"] = row.ObservationId,
        ["version"] = row.Version,
        ["kind"] = row.Kind,
        ["date"] = Date(row.Date),
        ["datePrecision"] = row.DatePrecision,
        ["to"] = row.EndDate is { } to ? Date(to) : null,
        ["commodity"] = row.Commodity,
        ["amount"] = row.Amount,
        ["low"] = row.Low,
        ["high"] = row.High,
        ["unit"] = row.Unit,
        ["qualifier"] = row.Qualifier,
        ["location"] = row.Location,
        ["route"] = row.Route,
        ["carriers"] = Strings(row.Carriers),
        ["outcome"] = row.Outcome,
        ["per"] = row.Per,
        ["group"] = row.PopulationGroup,
        ["market"] = row.Market,
        ["item"] = row.Item,
        ["currency"] = row.Currency,
        ["factor"] = row.Factor,
        ["comparedWith"] = row.ComparedWith,
        ["baseline"] = row.Baseline,
        ["utility"] = row.Utility,
        ["hoursPerDay"] = row.HoursPerDay,
        ["servicesHit"] = Strings(row.ServicesHit),
        ["moved"] = row.Moved,
        ["cumulative"] = row.Cumulative,
        ["waiting"] = row.Waiting,
        ["counted"] = row.Counted,
        ["area"] = row.Area,
        ["extremeFoodGapShare"] = row.ExtremeFoodGapShare,
        ["gamUnderFive"] = row.GamUnderFive,
        ["crudeDeathRate"] = row.CrudeDeathRate,
        ["underFiveDeathRate"] = row.UnderFiveDeathRate,
        ["overrideReason"] = row.OverrideReason,
        ["sources"] = Strings(row.Sources),
        ["notes"] = row.Notes,
        ["recorded"] = new JsonObject
        {
            ["at"] = LedgerEntry.Instant(row.RecordedAt),
            ["by"] = row.RecordedBy,
            ["reason"] = row.Reason,
            ["userId"] = row.RecordedByUser,
        },
    };

    /// <summary>The canonical bytes of what an observation says (without who recorded it): an edit must change them.</summary>
    public static byte[] Content(SupplyObservationColumns row)
    {
        var record = Record(row);
        record.Remove("version");
        record.Remove("recorded");
        return CanonicalJson.Serialize(record);
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
