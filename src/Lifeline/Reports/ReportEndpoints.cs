using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Supplies;
using Lifeline.Web;

namespace Lifeline.Reports;

/// <summary>
/// <c>GET /situations/{id}/report?date=D[&amp;period=day|week]</c> (HTML) and <c>/situations/{id}/report.pdf</c>: the
/// situation report as the caller may see it (anonymous: the public version). Links in it name the public origin,
/// never the request's host.
/// </summary>
internal static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/situations/{situationId}/report", Html).AllowAnonymous().WithTags("Reports")
            .WithSummary("The situation report for a day or a week (?date=YYYY-MM-DD, ?period=day|week) as an HTML page, every figure with its sources");
        app.MapGet("/situations/{situationId}/report.pdf", Pdf).AllowAnonymous().WithTags("Reports")
            .WithSummary("The same situation report as an A4 PDF with its fonts embedded");
        app.MapGet("/api/v1/situations/{situationId}/export", Export).AllowAnonymous().WithTags("Reports")
            .WithSummary("Open data, streamed, as the caller may see it: the events (?format=acled|hxl|geojson, filtered like the events list: type, actor, place, from, to, q, stage), "
                + "or as HXL (?format=hxl&what=calendar|supplies|families) the day-by-day calendar, the supply figures (signed-in humanitarian roles only) or the public family counts; from and to bound the calendar and the supplies");
        return app;
    }

    /// <summary>Reads <c>date</c> and <c>period</c>, naming each that is wrong.</summary>
    public static (DateOnly? Date, ReportPeriod Period) Parse(string? date, string? period, DateOnly today, ValidationErrors errors, string dateField = "date", string periodField = "period")
    {
        var day = Situations.SituationEndpoints.ParseOptionalDate(date, dateField, today, errors);
        var span = ReportPeriod.Day;
        if (!string.IsNullOrWhiteSpace(period))
        {
            if (KebabCase.Parse<ReportPeriod>(period.Trim()) is { } parsed)
            {
                span = parsed;
            }
            else
            {
                errors.Add(periodField, $"'{period}' is not a period: use {KebabCase.Choices<ReportPeriod>()}");
            }
        }
        return (day, span);
    }

    private static async Task Export(
        string situationId, string? format, string? what, string? type, string? actor, string? place, string? from, string? to, string? q, string? stage,
        HttpContext context, EventQueries events, LifelineDbContext db, ICurrentUser user, TimeProvider clock)
    {
        var cancel = context.RequestAborted;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (filter, errors) = EventFilter.Parse(type, actor, place, from, to, q, today, stage);
        OpenDataFormat? chosen = string.IsNullOrWhiteSpace(format) ? null : KebabCase.Parse<OpenDataFormat>(format.Trim());
        if (chosen is null)
        {
            errors.Add("format", string.IsNullOrWhiteSpace(format) ? $"is required: {KebabCase.Choices<OpenDataFormat>()}" : $"'{format}' is not an export format: use {KebabCase.Choices<OpenDataFormat>()}");
        }
        var subject = OpenDataSubject.Events;
        if (!string.IsNullOrWhiteSpace(what))
        {
            if (KebabCase.Parse<OpenDataSubject>(what.Trim()) is { } parsed)
            {
                subject = parsed;
            }
            else
            {
                errors.Add("what", $"'{what}' is not something to export: use {KebabCase.Choices<OpenDataSubject>()}");
            }
        }
        if (subject != OpenDataSubject.Events)
        {
            if (chosen is { } other && other != OpenDataFormat.Hxl)
            {
                errors.Add("what", $"the {KebabCase.Of(subject)} table is exported as HXL only: use format=hxl");
            }
            foreach (var (field, value) in new[] { ("type", type), ("actor", actor), ("place", place), ("q", q), ("stage", stage) })
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    errors.Add(field, $"filters the events only, not the {KebabCase.Of(subject)} table");
                }
            }
        }
        if (!errors.IsEmpty)
        {
            await ApiProblems.Validation(errors).ExecuteAsync(context);
            return;
        }
        var situation = await context.RequestServices.GetRequiredService<Situations.SituationQueries>().FindAsync(situationId, cancel);
        if (situation is null)
        {
            await ApiProblems.NotFound($"There is no situation '{situationId}'.").ExecuteAsync(context);
            return;
        }
        if (subject == OpenDataSubject.Supplies && !SupplyEndpoints.CanRead(user.Viewer))
        {
            // Supply figures help a besieger: as on the supply pages, they are for signed-in humanitarian roles only.
            var result = user.Viewer.IsAnonymous
                ? TypedResults.Problem("Supply figures are shared with signed-in humanitarian roles only: sign in, or send an API token.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in")
                : ApiProblems.Forbidden("Supply figures are for the admin, analyst, reporter, verifier, publisher and viewer roles.");
            await result.ExecuteAsync(context);
            return;
        }
        var first = filter!.From ?? situation.StartDate;
        var last = filter.To ?? situation.LastDay(today);
        if (subject == OpenDataSubject.Calendar && (last < first || last.DayNumber - first.DayNumber > 3660))
        {
            errors.Add("to", last < first ? $"{last:yyyy-MM-dd} is before {first:yyyy-MM-dd}, the first day of the calendar" : "a calendar covers at most ten years at a time");
            await ApiProblems.Validation(errors).ExecuteAsync(context);
            return;
        }
        var showProtected = Core.Access.EventAccess.SeesProtectedSources(user.Viewer);
        context.Response.ContentType = OpenDataExport.ContentType(chosen!.Value);
        context.Response.Headers.ContentDisposition = subject == OpenDataSubject.Events
            ? $"attachment; filename=\"{situationId}{OpenDataExport.Extension(chosen.Value)}\""
            : $"attachment; filename=\"{situationId}{HxlTables.Extension(subject)}\"";
        // Streamed as read: no response buffering or compression holds the rows back.
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        switch (subject)
        {
            case OpenDataSubject.Calendar:
                await HxlTables.WriteCalendarAsync(db, situation, events.Visible(situationId), first, last, showProtected, context.Response.Body, cancel);
                break;
            case OpenDataSubject.Supplies:
                await context.RequestServices.GetRequiredService<AuditLog>().ReadAsync("supplies", "export", situationId, "supply figures as HXL", cancel);
                await HxlTables.WriteSuppliesAsync(db, situationId, filter.From, filter.To, showProtected, context.Response.Body, cancel);
                break;
            case OpenDataSubject.Families:
                await HxlTables.WriteFamiliesAsync(await Families.FamilyCases.PublicCountsAsync(db, situationId, cancel), today, context.Response.Body, cancel);
                break;
            default:
                await OpenDataExport.WriteAsync(db, situationId, events.Filter(situationId, filter), chosen.Value, showProtected, context.Response.Body, cancel);
                break;
        }
    }

    private static Task<IResult> Html(string situationId, string? date, string? period, HttpContext context) =>
        AnswerAsync(situationId, date, period, context, report => Results.Content(ReportHtml.Render(report), "text/html; charset=utf-8"));

    private static async Task<IResult> Pdf(string situationId, string? date, string? period, HttpContext context, IConfiguration configuration)
    {
        var folder = ReportFonts.Folder(configuration["Reports:FontFolder"]);
        if (ReportFonts.Problem(folder) is { } problem)
        {
            return Results.Problem(title: "The PDF cannot be made on this server", detail: problem, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        ReportFonts.Install(folder);
        return await AnswerAsync(situationId, date, period, context, report =>
        {
            var output = new MemoryStream();
            ReportPdf.Write(report, output);
            output.Position = 0;
            return Results.File(output, "application/pdf", $"{report.SituationId}-{report.To:yyyy-MM-dd}{(report.Period == ReportPeriod.Week ? "-week" : "")}.pdf");
        });
    }

    private static async Task<IResult> AnswerAsync(string situationId, string? date, string? period, HttpContext context, Func<SituationReport, IResult> render)
    {
        var services = context.RequestServices;
        var clock = services.GetRequiredService<TimeProvider>();
        var errors = new ValidationErrors();
        var (day, span) = Parse(date, period, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        var user = services.GetRequiredService<ICurrentUser>();
        var builder = new ReportBuilder(
            services.GetRequiredService<LifelineDbContext>(), services.GetRequiredService<EventQueries>(), services.GetRequiredService<SupplyQueries>(),
            services.GetRequiredService<SignalSettings>(), user.Viewer, clock, services.GetRequiredService<PublicOrigin>().Value);
        var report = await builder.BuildAsync(situationId, day, span, context.RequestAborted);
        if (report is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        if (report.Sections.Any(s => s.Id == "supplies" && s.Lines.Count > 0))
        {
            await services.GetRequiredService<AuditLog>().ReadAsync("supplies", "report", situationId, $"stock levels in the situation report for {report.To:yyyy-MM-dd}", context.RequestAborted);
        }
        return render(report);
    }
}
