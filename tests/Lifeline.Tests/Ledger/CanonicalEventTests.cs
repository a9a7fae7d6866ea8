using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Lifeline.Ledger;

namespace Lifeline.Tests.Ledger;

/// <summary>
/// An event's canonical form is written member by member for speed; it must stay byte for byte the object form the
/// ledger has always committed to, or every event recorded before would stop verifying.
/// </summary>
public sealed class CanonicalEventTests
{
    /// <summary>The event's canonical form as it was first defined: an object, serialized by <see cref="CanonicalJson.Serialize"/>.</summary>
    private static byte[] AsObject(EventVersion version)
    {
        var c = version.Content;
        var record = new JsonObject
        {
            ["situation"] = version.SituationId,
            ["id"] = version.Id,
            ["version"] = version.Version,
            ["date"] = c.When.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = c.When.Time is { } t ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : null,
            ["timePrecision"] = (int)c.When.Precision,
            ["place"] = c.PlaceId,
            ["geoPrecision"] = (int)c.GeoPrecision,
            ["type"] = c.Type.Key,
            ["utility"] = c.Utility is { } u ? KebabCase.Of(u) : null,
            ["route"] = c.RouteId,
            ["actor1"] = c.Actor1,
            ["actor2"] = c.Actor2,
            ["fatalities"] = c.Fatalities,
            ["notes"] = c.Notes,
            ["sources"] = new JsonArray(c.SourceIds.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            ["stage"] = KebabCase.Of(version.Stage),
            ["recorded"] = new JsonObject
            {
                ["at"] = LedgerEntry.Instant(version.Recorded.At.UtcDateTime),
                ["by"] = version.Recorded.By,
                ["reason"] = version.Recorded.Reason,
                ["userId"] = version.Recorded.UserId,
            },
        };
        if (c.Ends is { } ends)
        {
            if (ends.Date is { } endDate)
            {
                record["endDate"] = endDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            if (ends.Time is { } endTime)
            {
                record["endTime"] = endTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            }
            if (ends.Hours is { } hours)
            {
                record["durationHours"] = hours;
            }
            if (ends.UntilFurtherNotice)
            {
                record["untilFurtherNotice"] = true;
            }
        }
        if (c.HoursPerDay is { } hoursPerDay)
        {
            record["hoursPerDay"] = hoursPerDay;
        }
        if (c.PartOf is not null)
        {
            record["partOf"] = c.PartOf;
        }
        if (c.GapBefore)
        {
            record["gapBefore"] = true;
        }
        return CanonicalJson.Serialize(record);
    }

    public static TheoryData<string> Shapes => new("plain", "everything", "until-further-notice", "ends-on", "ends-after", "escapes");

    private static EventVersion Version(string shape)
    {
        var type = EventType.Find(shape == "plain" ? "statement" : "utility-partial")!;
        var content = new EventContent(
            new EventDate(new DateOnly(2023, 1, 10), shape == "plain" ? null : new TimeOnly(14, 35), TimePrecision.Day),
            "stepanakert", GeoPrecision.Place, type,
            shape == "plain" ? null : Utility.Electricity, shape == "everything" ? "lachin-corridor" : null,
            shape == "plain" ? null : "actor-1", shape == "everything" ? "actor-2" : null,
            shape == "everything" ? 3 : shape == "ends-on" ? 0 : null,
            shape == "escapes" ? "Tab\there, \"quotes\", back\\slash, a\u0001control, ärmenian «Ստեփանակերտ», emoji 😀, line\nbreak" : "Power cut.",
            shape == "plain" ? ["s1"] : ["s1", "s-2", "z9"],
            PartOf: shape == "everything" ? "parent-event" : null,
            GapBefore: shape == "everything")
        {
            Ends = shape switch
            {
                "everything" or "ends-on" => StatusEnd.On(new DateOnly(2023, 1, 12), shape == "everything" ? new TimeOnly(12, 0) : null),
                "ends-after" => StatusEnd.After(1.5),
                "until-further-notice" or "escapes" => StatusEnd.FurtherNotice,
                _ => null,
            },
            HoursPerDay = shape is "everything" or "ends-after" ? 2.5 : null,
        };
        return new EventVersion("lachin-2022", $"e-{shape}", shape == "plain" ? 1 : 7, content,
            new Recording(new DateTimeOffset(2023, 1, 10, 15, 0, 0, TimeSpan.Zero), "Analyst «A»", "first report", shape == "everything" ? "user-1" : null),
            shape == "plain" ? EventStage.Intake : EventStage.Published);
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Event_WrittenMemberByMember_IsTheObjectFormByteForByte(string shape)
    {
        var version = Version(shape);
        var salt = new byte[RecordSalt.Length];

        var committed = CanonicalRecords.Event(version, salt);

        Assert.Equal(Encoding.UTF8.GetString(AsObject(version)), Encoding.UTF8.GetString(committed.Canonical));
        Assert.Equal(Sha256Digest.Of(salt, AsObject(version)), committed.Entry.ContentHash);
    }

    [Fact]
    public void Leaf_WrittenMemberByMember_IsTheObjectFormByteForByte()
    {
        var entry = new LedgerEntry(RecordTypes.Event, "lachin-2022/e-\"1\"", 12, new DateTimeOffset(2023, 1, 10, 15, 0, 0, TimeSpan.Zero), Sha256Digest.Of([1, 2, 3]));

        var leaf = entry.ToLeaf();

        Assert.Equal(
            Encoding.UTF8.GetString(CanonicalJson.Serialize(new JsonObject
            {
                ["contentHash"] = entry.ContentHash.ToHex(),
                ["recordId"] = entry.RecordId,
                ["recordType"] = entry.RecordType,
                ["recordedAt"] = LedgerEntry.Instant(entry.RecordedAt),
                ["version"] = entry.Version,
            })),
            Encoding.UTF8.GetString(leaf));
        Assert.True(LedgerEntry.TryParse(leaf, out var read));
        Assert.Equal(entry, read);
    }

    [Fact]
    public void Writer_AMemberOutOfOrder_IsRefused()
    {
        var writer = new CanonicalWriter().String("b", "x");

        Assert.Throws<ArgumentException>(() => writer.String("a", "y"));
    }
}
