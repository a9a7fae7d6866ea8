using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.EarlyWarning;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Supplies;
using Lifeline.Web;
using Microsoft.EntityFrameworkCore;

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
            .WithSummary("The events the caller may see as open data, streamed: ?format=acled|hxl|geojson, filtered like the events list (type, actor, place, from, to, q, stage)");
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
        string situationId, string? format, string? type, string? actor, string? place, string? from, string? to, string? q, string? stage,
        HttpContext context, EventQueries events, LifelineDbContext db, ICurrentUser user, TimeProvider clock)
    {
        var cancel = context.RequestAborted;
        var (filter, errors) = EventFilter.Parse(type, actor, place, from, to, q, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), stage);
        OpenDataFormat? chosen = string.IsNullOrWhiteSpace(format) ? null : KebabCase.Parse<OpenDataFormat>(format.Trim());
        if (chosen is null)
        {
            errors.Add("format", string.IsNullOrWhiteSpace(format) ? $"is required: {KebabCase.Choices<OpenDataFormat>()}" : $"'{format}' is not an export format: use {KebabCase.Choices<OpenDataFormat>()}");
        }
        if (!errors.IsEmpty)
        {
            await ApiProblems.Validation(errors).ExecuteAsync(context);
            return;
        }
        if (!await db.Situations.AnyAsync(s => s.Id == situationId, cancel))
        {
            await ApiProblems.NotFound($"There is no situation '{situationId}'.").ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = OpenDataExport.ContentType(chosen!.Value);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{situationId}{OpenDataExport.Extension(chosen.Value)}\"";
        // Streamed as read: no response buffering or compression holds the rows back.
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await OpenDataExport.WriteAsync(db, situationId, events.Filter(situationId, filter!), chosen.Value,
            Core.Access.EventAccess.SeesProtectedSources(user.Viewer), context.Response.Body, cancel);
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
