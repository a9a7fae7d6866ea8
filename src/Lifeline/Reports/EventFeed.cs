using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Reports;

/// <summary>
/// <c>GET /situations/{id}/events.atom</c>: an Atom 1.0 feed (RFC 4287) of a situation's published events, filtered
/// like the events list, the most recently dated first. It shows published events only, whoever asks, so a feed reader
/// never sees more than the public; links name the public origin, never the request's host.
/// </summary>
internal static class EventFeed
{
    /// <summary>How many entries a feed holds: the latest, by the date of the event.</summary>
    public const int MaxEntries = 100;

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static IEndpointRouteBuilder MapEventFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/situations/{situationId}/events.atom", Feed).AllowAnonymous().WithTags("Reports")
            .WithSummary("Atom 1.0 feed of the situation's published events, newest first (at most 100), filtered like the events list (type, actor, place, from, to, q)")
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task Feed(
        string situationId, string? type, string? actor, string? place, string? from, string? to, string? q,
        HttpContext context, EventQueries events, LifelineDbContext db, PublicOrigin origin, TimeProvider clock)
    {
        var cancel = context.RequestAborted;
        var published = KebabCase.Of(Core.Access.EventStage.Published);
        var (filter, errors) = EventFilter.Parse(type, actor, place, from, to, q, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), published);
        if (!errors.IsEmpty)
        {
            await ApiProblems.Validation(errors).ExecuteAsync(context);
            return;
        }
        var situation = await db.Situations.AsNoTracking().Where(s => s.Id == situationId).Select(s => new { s.Id, s.Name, s.StartDate }).FirstOrDefaultAsync(cancel);
        if (situation is null)
        {
            await ApiProblems.NotFound($"There is no situation '{situationId}'.").ExecuteAsync(context);
            return;
        }
        var rows = await events.Filter(situationId, filter!).Where(e => e.Stage == published)
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.RowId).Take(MaxEntries).ToListAsync(cancel);
        var placeIds = rows.Select(r => r.PlaceId).Distinct().ToList();
        var placeNames = await db.Places.AsNoTracking().Where(p => p.SituationId == situationId && placeIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.NameEn, StringComparer.Ordinal, cancel);

        var escaped = Uri.EscapeDataString(situationId);
        var self = new Uri(origin.Value, $"/situations/{escaped}/events.atom{context.Request.QueryString}");
        // The feed changes only when a published event does: its time is the latest recording among its entries.
        var updated = rows.Count == 0
            ? new DateTimeOffset(situation.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : new DateTimeOffset(DateTime.SpecifyKind(rows.Max(r => r.RecordedAt), DateTimeKind.Utc));
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "id", self.AbsoluteUri),
            new XElement(Atom + "title", $"{situation.Name}: published events"),
            new XElement(Atom + "updated", Instant(updated)),
            new XElement(Atom + "author", new XElement(Atom + "name", "Lifeline")),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("type", "application/atom+xml"), new XAttribute("href", self.AbsoluteUri)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"),
                new XAttribute("href", new Uri(origin.Value, $"/situations/{escaped}/events").AbsoluteUri)));
        foreach (var row in rows)
        {
            var eventType = EventType.Find(row.Type);
            var placeName = placeNames.GetValueOrDefault(row.PlaceId, row.PlaceId);
            var page = new Uri(origin.Value, $"/situations/{escaped}/events/{Uri.EscapeDataString(row.EventId)}");
            feed.Add(new XElement(Atom + "entry",
                new XElement(Atom + "id", $"urn:lifeline:event:{situationId}:{row.EventId}"),
                new XElement(Atom + "title", $"{row.Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}, {placeName}: {eventType?.Description ?? row.Type}"),
                new XElement(Atom + "updated", Instant(new DateTimeOffset(DateTime.SpecifyKind(row.RecordedAt, DateTimeKind.Utc)))),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", page.AbsoluteUri)),
                new XElement(Atom + "category", new XAttribute("term", row.Type), new XAttribute("label", eventType?.Description ?? row.Type)),
                new XElement(Atom + "summary", row.Notes)));
        }
        context.Response.ContentType = "application/atom+xml; charset=utf-8";
        await using var writer = XmlWriter.Create(context.Response.Body, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false), Indent = true });
        await new XDocument(new XDeclaration("1.0", "utf-8", null), feed).SaveAsync(writer, cancel);
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
