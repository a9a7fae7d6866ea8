using System.Globalization;
using System.Text.Json.Nodes;
using Lifeline.Actors;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Evidence;
using Lifeline.Events;
using Lifeline.Places;
using Lifeline.Situations;
using Lifeline.Sources;

namespace Lifeline.Ledger;

/// <summary>A record version in its canonical form, the salt kept beside it, and the ledger entry committing to both.</summary>
internal sealed record CommittedRecord(LedgerEntry Entry, byte[] Canonical, byte[] Salt);

/// <summary>
/// The canonical form of every kind of record (a public contract, docs/ledger.md "Canonical records"): a JSON
/// object built from the stored columns, serialized by RFC 8785. The same function serves when a record is written
/// and when <c>ledger verify</c> recomputes it, so a changed column changes the content hash.
/// </summary>
internal static class CanonicalRecords
{
    public static string Id(string situationId, string id) => $"{situationId}/{id}";

    /// <summary>
    /// A version of a situation: the first is its row; a later one (<paramref name="version"/>) is the same situation
    /// with the record period that version widened it to, its number and who recorded it why.
    /// </summary>
    public static CommittedRecord Situation(SituationRow row, SituationVersionRow? version = null)
    {
        var figures = new JsonObject();
        foreach (var f in row.Figures.OrderBy(f => f.Figure, StringComparer.Ordinal))
        {
            figures[f.Figure] = new JsonObject { ["value"] = f.Value, ["qualifier"] = f.Qualifier, ["sources"] = Strings(f.Sources) };
        }
        var routes = new JsonArray();
        foreach (var r in row.Routes.OrderBy(r => r.Ordinal))
        {
            var route = new JsonObject { ["id"] = r.Id, ["name"] = r.Name, ["via"] = Strings(r.Via), ["sources"] = Strings(r.Sources) };
            // Baselines came after the first release: present only when declared, so earlier situations keep their leaf.
            if (row.Baselines.FirstOrDefault(b => b.Kind == StatusBaselineRow.RouteKind && b.Subject == r.Id) is { } baseline)
            {
                route["baseline"] = Baseline(baseline);
            }
            routes.Add(route);
        }
        var record = new JsonObject
        {
            ["id"] = row.Id,
            ["name"] = row.Name,
            ["region"] = row.Region,
            ["startDate"] = Date(row.StartDate),
            ["endDate"] = row.EndDate is { } end ? Date(end) : null,
            ["figures"] = figures,
            ["routes"] = routes,
        };
        var utilityBaselines = row.Baselines.Where(b => b.Kind == StatusBaselineRow.UtilityKind).OrderBy(b => b.Subject, StringComparer.Ordinal).ToList();
        if (utilityBaselines.Count > 0)
        {
            var baselines = new JsonObject();
            foreach (var b in utilityBaselines)
            {
                baselines[b.Subject] = Baseline(b);
            }
            record["utilityBaselines"] = baselines;
        }
        // The record period came later still: present only when declared or widened, so earlier situations keep their leaf.
        if (version is not null)
        {
            record["recordFrom"] = Date(version.RecordFrom);
            record["recordUntil"] = version.RecordUntil is { } until ? Date(until) : null;
            record["version"] = version.Version;
            record["recorded"] = Recorded(version.RecordedAt, version.RecordedBy, version.Reason, null);
            return Commit(RecordTypes.Situation, row.Id, version.Version, version.RecordedAt, record, version.Salt);
        }
        if (row.RecordFrom is { } from)
        {
            record["recordFrom"] = Date(from);
        }
        if (row.RecordUntil is { } declaredUntil)
        {
            record["recordUntil"] = Date(declaredUntil);
        }
        return Commit(RecordTypes.Situation, row.Id, 1, row.RecordedAt, record, row.Salt);
    }

    private static JsonObject Baseline(StatusBaselineRow row) => new() { ["status"] = row.Status, ["sources"] = Strings(row.Sources) };

    /// <summary>A place as first recorded: its row's first version.</summary>
    public static CommittedRecord Place(PlaceRow row) => Place(PlaceVersionRow.First(row));

    /// <summary>
    /// A version of a place. The first carries no version number or reason, as places were committed before they had
    /// versions; a correction adds both, with who recorded it.
    /// </summary>
    public static CommittedRecord Place(PlaceVersionRow version)
    {
        var names = new JsonObject { ["en"] = version.NameEn };
        if (version.NameHy is not null) { names["hy"] = version.NameHy; }
        if (version.NameRu is not null) { names["ru"] = version.NameRu; }
        if (version.NameAz is not null) { names["az"] = version.NameAz; }
        var record = new JsonObject
        {
            ["situation"] = version.SituationId,
            ["id"] = version.PlaceId,
            ["kind"] = version.Kind,
            ["names"] = names,
            ["latitude"] = version.Latitude,
            ["longitude"] = version.Longitude,
            ["coordinatesSource"] = version.CoordinatesSource,
        };
        if (version.Version > 1)
        {
            record["version"] = version.Version;
            record["recorded"] = Recorded(version.RecordedAt, version.RecordedBy ?? "", version.Reason ?? "", null);
        }
        return Commit(RecordTypes.Place, Id(version.SituationId, version.PlaceId), version.Version, version.RecordedAt, record, version.Salt);
    }

    public static CommittedRecord Actor(ActorRow row)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["id"] = row.Id,
            ["name"] = row.Name,
            ["kind"] = row.Kind,
            ["affiliations"] = Strings(row.Affiliations),
        };
        return Commit(RecordTypes.Actor, Id(row.SituationId, row.Id), 1, row.RecordedAt, record, row.Salt);
    }

    /// <summary>A version of a source: what never changes (publisher, address, title) and that version's grading and dates.</summary>
    public static CommittedRecord Source(SourceRow source, SourceVersionRow version)
    {
        var record = new JsonObject
        {
            ["situation"] = source.SituationId,
            ["id"] = source.Id,
            ["version"] = version.Version,
            ["publisher"] = source.Publisher,
            ["url"] = source.Url,
            ["title"] = source.Title,
            ["published"] = version.Published is { } p ? Date(p) : null,
            ["retrieved"] = version.Retrieved is { } r ? Date(r) : null,
            ["reliability"] = version.Reliability,
            ["credibility"] = version.Credibility,
            ["protectIdentity"] = version.ProtectIdentity,
            ["recorded"] = Recorded(version.RecordedAt, version.RecordedBy, version.Reason, version.RecordedByUser),
        };
        return Commit(RecordTypes.Source, Id(source.SituationId, source.Id), version.Version, version.RecordedAt, record, version.Salt);
    }

    public static CommittedRecord Event(EventVersionRow row) => Event(row.ToDomain(), row.Salt);

    /// <remarks>
    /// Written member by member in canonical order rather than built as an object and sorted: an import commits to
    /// millions of these, and the bytes are the same (tests compare them with the object form of the first release).
    /// Members added after the first release are present only when set, so every version recorded before keeps the
    /// canonical form, and the leaf, it was committed with.
    /// </remarks>
    public static CommittedRecord Event(EventVersion version, byte[] salt)
    {
        var c = version.Content;
        var ends = c.Ends;
        var record = new CanonicalWriter()
            .String("actor1", c.Actor1)
            .String("actor2", c.Actor2)
            .String("date", Date(c.When.Day));
        if (ends?.Hours is { } hours)
        {
            record.Number("durationHours", hours);
        }
        if (ends?.Date is { } endDate)
        {
            record.String("endDate", Date(endDate));
        }
        if (ends?.Time is { } endTime)
        {
            record.String("endTime", endTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        }
        record.Number("fatalities", c.Fatalities);
        if (c.GapBefore)
        {
            record.True("gapBefore");
        }
        record.Number("geoPrecision", (int)c.GeoPrecision);
        if (c.HoursPerDay is { } hoursPerDay)
        {
            record.Number("hoursPerDay", hoursPerDay);
        }
        record.String("id", version.Id).String("notes", c.Notes);
        if (c.PartOf is not null)
        {
            record.String("partOf", c.PartOf);
        }
        record.String("place", c.PlaceId)
            .Object("recorded")
                .String("at", LedgerEntry.Instant(version.Recorded.At.UtcDateTime))
                .String("by", version.Recorded.By)
                .String("reason", version.Recorded.Reason)
                .String("userId", version.Recorded.UserId)
            .End()
            .String("route", c.RouteId)
            .String("situation", version.SituationId)
            .Strings("sources", c.SourceIds)
            .String("stage", KebabCase.Of(version.Stage))
            .String("time", c.When.Time is { } t ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : null)
            .Number("timePrecision", (int)c.When.Precision)
            .String("type", c.Type.Key);
        if (ends is { UntilFurtherNotice: true })
        {
            record.True("untilFurtherNotice");
        }
        record.String("utility", c.Utility is { } u ? KebabCase.Of(u) : null)
            .Number("version", version.Version);
        return Commit(RecordTypes.Event, Id(version.SituationId, version.Id), version.Version, version.Recorded.At.UtcDateTime, record.ToBytes(), salt);
    }

    /// <param name="number">1 for the first review of the event, then 2, 3, ... in the order they were recorded.</param>
    public static CommittedRecord Review(ReviewRow row, int number)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["event"] = row.EventId,
            ["review"] = number,
            ["verdict"] = row.Verdict,
            ["note"] = row.Note,
            ["at"] = LedgerEntry.Instant(row.At),
            ["by"] = row.By,
        };
        return Commit(RecordTypes.Review, Id(row.SituationId, row.EventId), number, row.At, record, row.Salt);
    }

    public static CommittedRecord Evidence(EvidenceRow row)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["id"] = row.EvidenceId,
            ["event"] = row.EventId,
            ["sha256"] = row.Sha256,
            ["size"] = row.Size,
            ["mediaType"] = row.MediaType,
            ["fileName"] = row.FileName,
            ["description"] = row.Description,
            ["captured"] = new JsonObject
            {
                ["at"] = row.CapturedAt is { } at ? LedgerEntry.Instant(at) : null,
                ["where"] = row.CapturedWhere,
                ["by"] = row.CapturedBy,
                ["device"] = row.Device,
            },
            ["received"] = new JsonObject
            {
                ["at"] = LedgerEntry.Instant(row.ReceivedAt),
                ["by"] = row.ReceivedBy,
                ["userId"] = row.ReceivedByUser,
            },
        };
        return Commit(RecordTypes.Evidence, Id(row.SituationId, row.EvidenceId), 1, row.ReceivedAt, record, row.Salt);
    }

    public static CommittedRecord Custody(CustodyRow row)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["evidence"] = row.EvidenceId,
            ["step"] = row.Step,
            ["action"] = row.Action,
            ["at"] = LedgerEntry.Instant(row.At),
            ["by"] = row.By,
            ["userId"] = row.ByUser,
            ["why"] = row.Why,
            ["to"] = row.To,
        };
        return Commit(RecordTypes.Custody, Id(row.SituationId, row.EvidenceId), row.Step, row.At, record, row.Salt);
    }

    /// <summary>A version of an analyst's assessment of an indicator (early warning).</summary>
    public static CommittedRecord Assessment(EarlyWarning.AssessmentVersionRow row)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["id"] = row.AssessmentId,
            ["version"] = row.Version,
            ["indicator"] = row.Indicator,
            ["asOf"] = Date(row.AsOf),
            ["status"] = row.Status,
            ["confidence"] = row.Confidence,
            ["events"] = Strings(row.Events),
            ["sources"] = Strings(row.Sources),
            ["evidence"] = Strings(row.Evidence),
            ["stantonStages"] = new JsonArray(row.StantonStages.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["note"] = row.Note,
            ["recorded"] = Recorded(row.RecordedAt, row.RecordedBy, row.Reason, row.RecordedByUser),
        };
        return Commit(RecordTypes.Assessment, Id(row.SituationId, row.AssessmentId), row.Version, row.RecordedAt, record, row.Salt);
    }

    public static CommittedRecord SupplyObservation(Supplies.SupplyObservationVersionRow row) =>
        Commit(RecordTypes.SupplyObservation, Id(row.SituationId, row.ObservationId), row.Version, row.RecordedAt, Supplies.SupplyCanonical.Record(row), row.Salt);

    /// <summary>A version of a legal record (body, proceeding, step, obligation): its columns and its content object.</summary>
    public static CommittedRecord Legal(Lifeline.Legal.LegalRecordVersionRow row)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["kind"] = row.Kind,
            ["id"] = row.RecordId,
            ["version"] = row.Version,
            ["parent"] = row.Parent,
            ["date"] = row.Date is { } d ? Date(d) : null,
            ["content"] = JsonNode.Parse(row.Content),
            ["recorded"] = Recorded(row.RecordedAt, row.RecordedBy, row.Reason, row.RecordedByUser),
        };
        return Commit(RecordTypes.Legal(row.Kind), Id(row.SituationId, row.RecordId), row.Version, row.RecordedAt, record, row.Salt);
    }

    /// <summary>A version of a claim: its columns and its content object.</summary>
    public static CommittedRecord Claim(Lifeline.Claims.ClaimVersionRow row)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["id"] = row.ClaimId,
            ["version"] = row.Version,
            ["made"] = Date(row.Made),
            ["type"] = row.Type,
            ["standing"] = row.Standing,
            ["stage"] = row.Stage,
            ["author"] = row.AuthorId,
            ["content"] = JsonNode.Parse(row.Content),
            ["recorded"] = Recorded(row.RecordedAt, row.RecordedBy, row.Reason, row.RecordedByUser),
        };
        return Commit(RecordTypes.Claim, Id(row.SituationId, row.ClaimId), row.Version, row.RecordedAt, record, row.Salt);
    }

    /// <summary>
    /// A version of a family record: never its content, only the SHA-256 of its ciphertext, with its ids and status, so
    /// that the ledger holds no personal data and the commitment still pins every byte that was stored.
    /// </summary>
    public static CommittedRecord Family(Lifeline.Families.FamilyRecordVersionRow row)
    {
        var record = new JsonObject
        {
            ["situation"] = row.SituationId,
            ["id"] = row.RecordId,
            ["kind"] = row.Kind,
            ["version"] = row.Version,
            ["status"] = row.Status,
            ["keyId"] = row.KeyId,
            ["ciphertextSha256"] = Sha256Digest.Of(row.Ciphertext).ToHex(),
            ["recorded"] = Recorded(row.RecordedAt, row.RecordedBy, row.Reason, row.RecordedByUser),
        };
        // A photo's leaf pins its sealed file too, as an evidence leaf pins its file; the other kinds have none.
        if (row.FileSha256 is { } file)
        {
            record["fileSha256"] = file;
        }
        return Commit(RecordTypes.Family(row.Kind), Id(row.SituationId, row.RecordId), row.Version, row.RecordedAt, record, row.Salt);
    }

    private static CommittedRecord Commit(string type, string id, int version, DateTime recordedAt, JsonObject record, byte[] salt) =>
        Commit(type, id, version, recordedAt, CanonicalJson.Serialize(record), salt);

    private static CommittedRecord Commit(string type, string id, int version, DateTime recordedAt, byte[] canonical, byte[] salt)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(recordedAt, DateTimeKind.Utc));
        return new CommittedRecord(LedgerEntry.Commit(type, id, version, at, canonical, salt), canonical, salt);
    }

    private static JsonObject Recorded(DateTime at, string by, string reason, string? userId) => new()
    {
        ["at"] = LedgerEntry.Instant(at),
        ["by"] = by,
        ["reason"] = reason,
        ["userId"] = userId,
    };

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
