using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Events;

/// <summary>The columns every version of an event has; shared by the current view and the history.</summary>
internal abstract class EventColumns
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string EventId { get; set; }
    public int Version { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly? Time { get; set; }
    public int TimePrecision { get; set; }
    public required string PlaceId { get; set; }
    public int GeoPrecision { get; set; }
    public required string Type { get; set; }
    public string? Utility { get; set; }
    public string? RouteId { get; set; }

    /// <summary>For a status-changing event: the last day the status holds, or null (see <see cref="StatusEnd"/>).</summary>
    public DateOnly? EndDate { get; set; }
    public TimeOnly? EndTime { get; set; }
    public double? DurationHours { get; set; }

    /// <summary>False both for "not until further notice" and for versions recorded before ends were recorded.</summary>
    public bool UntilFurtherNotice { get; set; }
    public double? HoursPerDay { get; set; }
    public string? Actor1 { get; set; }
    public string? Actor2 { get; set; }
    public int? Fatalities { get; set; }
    public required string Notes { get; set; }
    public List<string> Sources { get; set; } = [];

    /// <summary>The event standing for the whole happening this one is part of (<see cref="EventContent.PartOf"/>).</summary>
    public string? PartOf { get; set; }

    /// <summary>The status just before this event is unknown (<see cref="EventContent.GapBefore"/>).</summary>
    public bool GapBefore { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? RecordedByUser { get; set; }
    public required string Reason { get; set; }
    public required string Stage { get; set; }

    public EventContent ToContent() => new(
        new EventDate(Date, Time, (Core.Events.TimePrecision)TimePrecision),
        PlaceId,
        (Core.Events.GeoPrecision)GeoPrecision,
        EventType.Find(Type) ?? throw new InvalidOperationException($"Unknown event type '{Type}' in the database"),
        Utility is null ? null : KebabCase.Parse<Utility>(Utility),
        RouteId,
        Actor1,
        Actor2,
        Fatalities,
        Notes,
        Sources,
        PartOf,
        GapBefore)
    {
        Ends = EndOf(EndDate, EndTime, DurationHours, UntilFurtherNotice),
        HoursPerDay = HoursPerDay,
    };

    /// <summary>The end the stored columns state; null when none is stored (an event that changes no status, or an older version).</summary>
    public static StatusEnd? EndOf(DateOnly? endDate, TimeOnly? endTime, double? durationHours, bool untilFurtherNotice) =>
        endDate is { } day ? StatusEnd.On(day, endTime)
        : durationHours is { } hours ? StatusEnd.After(hours)
        : untilFurtherNotice ? StatusEnd.FurtherNotice
        : null;

    public EventStage StageValue => KebabCase.Parse<EventStage>(Stage) ?? EventStage.Intake;

    public EventVersion ToDomain() => new(
        SituationId, EventId, Version, ToContent(),
        new Recording(new DateTimeOffset(DateTime.SpecifyKind(RecordedAt, DateTimeKind.Utc)), RecordedBy, Reason, RecordedByUser),
        StageValue);

    public void CopyFrom(EventVersion version)
    {
        var c = version.Content;
        SituationId = version.SituationId;
        EventId = version.Id;
        Version = version.Version;
        Date = c.When.Day;
        Time = c.When.Time;
        TimePrecision = (int)c.When.Precision;
        PlaceId = c.PlaceId;
        GeoPrecision = (int)c.GeoPrecision;
        Type = c.Type.Key;
        Utility = c.Utility is { } u ? KebabCase.Of(u) : null;
        RouteId = c.RouteId;
        EndDate = c.Ends?.Date;
        EndTime = c.Ends?.Time;
        DurationHours = c.Ends?.Hours;
        UntilFurtherNotice = c.Ends?.UntilFurtherNotice ?? false;
        HoursPerDay = c.HoursPerDay;
        Actor1 = c.Actor1;
        Actor2 = c.Actor2;
        Fatalities = c.Fatalities;
        Notes = c.Notes;
        Sources = [.. c.SourceIds];
        PartOf = c.PartOf;
        GapBefore = c.GapBefore;
        RecordedAt = version.Recorded.At.UtcDateTime;
        RecordedBy = version.Recorded.By;
        RecordedByUser = version.Recorded.UserId;
        Reason = version.Recorded.Reason;
        Stage = KebabCase.Of(version.Stage);
    }
}

/// <summary>
/// The current version of each event, kept for searching and filtering. It is a view over
/// <see cref="EventVersionRow"/>: an edit adds a version there and moves this row to it.
/// <see cref="EventColumns.RowId"/> gives the order events were first recorded in.
/// </summary>
internal sealed class EventRow : EventColumns
{
    /// <summary>The account that recorded the first version: the author, who may see and correct an unpublished event.</summary>
    public string? AuthorId { get; set; }

    public static EventRow From(EventVersion version)
    {
        var row = new EventRow { SituationId = "", EventId = "", PlaceId = "", Type = "", Notes = "", RecordedBy = "", Reason = "", Stage = "", AuthorId = version.Recorded.UserId };
        row.CopyFrom(version);
        return row;
    }
}

/// <summary>Every version of every event, never changed once written.</summary>
internal sealed class EventVersionRow : EventColumns
{
    /// <summary>The random salt of this version's ledger commitment (docs/ledger.md).</summary>
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public static EventVersionRow From(EventVersion version)
    {
        var row = new EventVersionRow { SituationId = "", EventId = "", PlaceId = "", Type = "", Notes = "", RecordedBy = "", Reason = "", Stage = "" };
        row.CopyFrom(version);
        return row;
    }
}

internal sealed class ReviewRow
{
    public long RowId { get; set; }
    public required string SituationId { get; set; }
    public required string EventId { get; set; }
    public required string Verdict { get; set; }
    public required string Note { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }

    /// <summary>The random salt of this review's ledger commitment (docs/ledger.md).</summary>
    public byte[] Salt { get; set; } = Ledger.RecordSalt.New();

    public Review ToDomain() => new(
        SituationId, EventId, KebabCase.Parse<ReviewVerdict>(Verdict) ?? ReviewVerdict.Disputed, Note,
        new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)), By);
}

internal sealed class EventRowConfiguration :
    IEntityTypeConfiguration<EventRow>, IEntityTypeConfiguration<EventVersionRow>, IEntityTypeConfiguration<ReviewRow>
{
    public void Configure(EntityTypeBuilder<EventRow> builder)
    {
        builder.ToTable("events");
        builder.HasKey(e => e.RowId);
        builder.HasIndex(e => new { e.SituationId, e.EventId }).IsUnique();
        builder.HasIndex(e => new { e.SituationId, e.Date, e.RowId });
        // Covers the calendar's query (status-changing events up to a day), so it is answered from the index alone.
        builder.HasIndex(e => new
        {
            e.SituationId,
            e.Type,
            e.Date,
            e.RowId,
            e.RouteId,
            e.Utility,
            e.Stage,
            e.Time,
            e.EndDate,
            e.EndTime,
            e.DurationHours,
            e.UntilFurtherNotice,
            e.HoursPerDay,
            e.EventId,
        }).HasDatabaseName("ix_events_status_changes");
        builder.HasIndex(e => new { e.SituationId, e.PlaceId });
        builder.HasIndex(e => new { e.SituationId, e.Actor1 });
        builder.HasIndex(e => new { e.SituationId, e.Actor2 });
        builder.HasIndex(e => new { e.SituationId, e.Stage, e.Date });
    }

    public void Configure(EntityTypeBuilder<EventVersionRow> builder)
    {
        builder.ToTable("event_versions");
        builder.HasKey(e => e.RowId);
        builder.HasIndex(e => new { e.SituationId, e.EventId, e.Version }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<ReviewRow> builder)
    {
        builder.ToTable("reviews");
        builder.HasKey(r => r.RowId);
        builder.HasIndex(r => new { r.SituationId, r.EventId });
    }
}
