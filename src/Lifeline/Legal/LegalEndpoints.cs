using Lifeline.Accounts;
using Lifeline.Core.Common;
using Lifeline.Core.Legal;
using Lifeline.Core.Situations;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Legal;

/// <summary>
/// The legal record over HTTP, under <c>/api/v1/situations/{id}/legal/</c>: bodies, proceedings and their steps, the
/// obligations, and their compliance computed from the events the caller may see (the public's from published events
/// only). Bodies, proceedings, steps and obligations are the public acts of public bodies: everyone may read them;
/// admins and analysts write them (<see cref="LegalWorkflow"/>), a new record with POST, a new version with PUT.
/// </summary>
internal static class LegalEndpoints
{
    public static IServiceCollection AddLegal(this IServiceCollection services)
    {
        services.AddScoped<LegalQueries>();
        services.AddScoped<LegalWorkflow>();
        return services;
    }

    public static IEndpointRouteBuilder MapLegalEndpoints(this IEndpointRouteBuilder app)
    {
        var legal = app.MapGroup("/api/v1/situations/{situationId}/legal").WithTags("Legal").AllowAnonymous();
        legal.MapGet("/proceedings", Proceedings)
            .WithSummary("The bodies and proceedings of a situation, each proceeding with its steps (date, kind, vote, what it decided, sources)");
        legal.MapGet("/obligations", Obligations)
            .WithSummary("The obligations of a situation: what a step requires of whom, from when, and its rule over the record (docs/legal.md)");
        legal.MapGet("/compliance", AllCompliance)
            .WithSummary("Every obligation's compliance day by day (complied, not-complied, unknown, with the deciding events), counts, longest breach, dates told; from the events the caller may see");
        legal.MapGet("/obligations/{obligationId}/compliance", OneCompliance)
            .WithSummary("One obligation's compliance day by day, as /compliance gives it");

        var writes = app.MapGroup("/api/v1/situations/{situationId}/legal").WithTags("Legal").RequireAuthorization(Security.Policies.Legal);
        writes.MapPost("/bodies", (string situationId, BodyDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Body(situationId, null, draft, c), q, c))
            .WithSummary("Record a body (court, council, committee, mechanism) with its sources (analyst, admin); it is public at once");
        writes.MapPut("/bodies/{bodyId}", (string situationId, string bodyId, BodyDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Body(situationId, bodyId, draft, c), q, c))
            .WithSummary("Record a new version of a body, saying why (reason); earlier versions stay");
        writes.MapPost("/proceedings", (string situationId, ProceedingDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Proceeding(situationId, null, draft, c), q, c))
            .WithSummary("Record a proceeding of a body (case name, number, parties, the day it was opened, sources)");
        writes.MapPut("/proceedings/{proceedingId}", (string situationId, string proceedingId, ProceedingDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Proceeding(situationId, proceedingId, draft, c), q, c))
            .WithSummary("Record a new version of a proceeding, saying why (reason)");
        writes.MapPost("/steps", (string situationId, StepDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Step(situationId, null, draft, c), q, c))
            .WithSummary("Record a step of a proceeding (filing, hearing, order, judgment, meeting, statement): its date, vote, decision, the obligations it cites, sources");
        writes.MapPut("/steps/{stepId}", (string situationId, string stepId, StepDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Step(situationId, stepId, draft, c), q, c))
            .WithSummary("Record a new version of a step, saying why (reason)");
        writes.MapPost("/obligations", (string situationId, ObligationDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Obligation(situationId, null, draft, c), q, c))
            .WithSummary("Record an obligation a step imposed: on whom, from when until when, in words and as a rule over the record (docs/legal.md, \"Rules\")");
        writes.MapPut("/obligations/{obligationId}", (string situationId, string obligationId, ObligationDraft draft, LegalWorkflow w, LegalQueries q, CancellationToken c) =>
                Answer(situationId, w.Obligation(situationId, obligationId, draft, c), q, c))
            .WithSummary("Record a new version of an obligation, saying why (reason)");
        return app;
    }

    private static async Task<Results<Created<LegalRecordWritten>, Ok<LegalRecordWritten>, ValidationProblem, ProblemHttpResult>> Answer(
        string situationId, Task<LegalOutcome> write, LegalQueries queries, CancellationToken cancel)
    {
        switch (await write)
        {
            case LegalOutcome.Stored stored:
                var written = LegalRecordWritten.Of(situationId, stored, await LegalComputation.RecordsAsync(queries.Db, situationId, cancel));
                return stored.Changed
                    ? TypedResults.Created($"/api/v1/situations/{situationId}/legal/{LegalKinds.List(stored.Kind)}/{stored.Id}", written)
                    : TypedResults.Ok(written);
            case LegalOutcome.Invalid invalid:
                return ApiProblems.Validation(invalid.Errors);
            case LegalOutcome.NotFound missing:
                return ApiProblems.NotFound(missing.What);
            case LegalOutcome.Conflict conflict:
                return ApiProblems.Conflict(conflict.Message);
            default:
                throw new InvalidOperationException("unexpected outcome");
        }
    }

    private static async Task<Results<Ok<ProceedingsDocument>, ProblemHttpResult>> Proceedings(string situationId, LegalQueries queries, CancellationToken cancel)
    {
        if (await queries.SituationAsync(situationId, cancel) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        return TypedResults.Ok(ProceedingsDocument.Of(situationId, await LegalComputation.RecordsAsync(queries.Db, situationId, cancel)));
    }

    private static async Task<Results<Ok<ObligationsDocument>, ProblemHttpResult>> Obligations(string situationId, LegalQueries queries, CancellationToken cancel)
    {
        if (await queries.SituationAsync(situationId, cancel) is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var records = await LegalComputation.RecordsAsync(queries.Db, situationId, cancel);
        return TypedResults.Ok(new ObligationsDocument(situationId, records.Obligations.Select(o => ObligationView.Of(records, o)).ToList()));
    }

    private static Task<Results<Ok<ComplianceDocument>, ValidationProblem, ProblemHttpResult>> AllCompliance(
        string situationId, string? from, string? to, LegalQueries queries, CancellationToken cancel) =>
        Compliance(situationId, null, from, to, queries, cancel);

    private static Task<Results<Ok<ComplianceDocument>, ValidationProblem, ProblemHttpResult>> OneCompliance(
        string situationId, string obligationId, string? from, string? to, LegalQueries queries, CancellationToken cancel) =>
        Compliance(situationId, obligationId, from, to, queries, cancel);

    private static async Task<Results<Ok<ComplianceDocument>, ValidationProblem, ProblemHttpResult>> Compliance(
        string situationId, string? obligationId, string? from, string? to, LegalQueries queries, CancellationToken cancel)
    {
        var errors = new ValidationErrors();
        var first = RecordDates.Parse(from, "from", queries.Today, errors);
        var last = RecordDates.Parse(to, "to", queries.Today, errors);
        if (first is { } f && last is { } l && (l < f || l.DayNumber - f.DayNumber >= LegalComputation.MaxDays))
        {
            errors.Add("to", l < f ? "is before from" : $"the range may cover at most {LegalComputation.MaxDays} days");
        }
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }
        var situation = await queries.SituationAsync(situationId, cancel);
        if (situation is null)
        {
            return ApiProblems.NotFound($"There is no situation '{situationId}'.");
        }
        var result = await queries.ComplianceAsync(situation, obligationId, first, last, cancel);
        if (result is null)
        {
            return ApiProblems.NotFound($"There is no obligation '{obligationId}' in {situationId}.");
        }
        var (records, summaries) = result.Value;
        return TypedResults.Ok(ComplianceDocument.Of(situationId, records, summaries));
    }
}

/// <summary>What the legal endpoints and pages read: the situation, its legal record and compliance for the caller.</summary>
internal sealed class LegalQueries(LifelineDbContext db, EventQueries events, TimeProvider clock)
{
    public LifelineDbContext Db => db;

    /// <summary>Whether the caller may write the legal record (admins and analysts, as the <c>legal</c> policy says).</summary>
    public bool CanWrite => events.Viewer.HasAny(Core.Access.Role.Admin, Core.Access.Role.Analyst);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Situation?> SituationAsync(string situationId, CancellationToken cancel) =>
        (await db.Situations.AsNoTracking().Include(s => s.Figures).Include(s => s.Routes).Include(s => s.Baselines).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == situationId, cancel))?.ToDomain();

    /// <summary>Null when <paramref name="obligationId"/> names no obligation of the situation.</summary>
    public async Task<(LegalRecordSet Records, IReadOnlyList<ComplianceSummary> Summaries)?> ComplianceAsync(
        Situation situation, string? obligationId, DateOnly? from, DateOnly? to, CancellationToken cancel)
    {
        var records = await LegalComputation.RecordsAsync(db, situation.Id, cancel);
        var obligations = records.Obligations.Where(o => obligationId is null || o.Id == obligationId).ToList();
        if (obligationId is not null && obligations.Count == 0)
        {
            return null;
        }
        // Long spans are cut to the last MaxDays days, so that an obligation from years before costs a bounded calendar.
        var last = to ?? situation.LastDay(Today);
        var first = from ?? (obligations.Count == 0 ? last : obligations.Min(o => o.From));
        if (last.DayNumber - first.DayNumber >= LegalComputation.MaxDays)
        {
            first = last.AddDays(1 - LegalComputation.MaxDays);
        }
        var summaries = await LegalComputation.ComplianceAsync(events.Visible(situation.Id), situation, records, obligations, from ?? first, last, Today, cancel);
        return (records, summaries);
    }
}

internal sealed record ProceedingsDocument(string Situation, IReadOnlyList<BodyView> Bodies, IReadOnlyList<ProceedingView> Proceedings)
{
    public static ProceedingsDocument Of(string situationId, LegalRecordSet records) => new(
        situationId,
        records.Bodies.Select(b => new BodyView(b.Id, b.Name, KebabCase.Of(b.Kind), b.Sources)).ToList(),
        records.Proceedings.Select(p => new ProceedingView(p.Id, p.BodyId, p.Name, p.Number, p.Parties, RecordDates.Day(p.Opened), p.Sources,
            records.Steps.Where(s => s.ProceedingId == p.Id).Select(StepView.Of).ToList())).ToList());
}

internal sealed record BodyView(string Id, string Name, string Kind, IReadOnlyList<string> Sources);

internal sealed record ProceedingView(string Id, string Body, string Name, string? Number, IReadOnlyList<string> Parties, string Opened, IReadOnlyList<string> Sources, IReadOnlyList<StepView> Steps);

internal sealed record StepView(string Id, string Date, string Kind, string? Vote, string Decision, IReadOnlyList<string> Cites, IReadOnlyList<string> Sources)
{
    public static StepView Of(ProceedingStep s) => new(s.Id, RecordDates.Day(s.Date), KebabCase.Of(s.Kind),
        s.Vote is { } v ? $"{v.For}-{v.Against}" : null, s.Decision, s.Cites, s.Sources);
}

internal sealed record ObligationsDocument(string Situation, IReadOnlyList<ObligationView> Obligations);

internal sealed record ObligationView(string Id, string Step, string? Body, string Bearer, string From, string? Until, string Text, string Rule, IReadOnlyList<string> Sources)
{
    public static ObligationView Of(LegalRecordSet records, Obligation o) => new(o.Id, o.StepId, LegalComputation.BodyOf(records, o)?.Id, o.Bearer,
        RecordDates.Day(o.From), o.Until is { } u ? RecordDates.Day(u) : null, o.Text, o.Rule.ToString(), o.Sources);
}

/// <summary>
/// A legal record as written: its kind, id and version (<c>changed</c> false when what was sent is the version stored
/// already), and the record itself under its kind's name.
/// </summary>
internal sealed record LegalRecordWritten(
    string Situation, string Kind, string Id, int Version, bool Changed, BodyView? Body, ProceedingView? Proceeding, StepView? Step, ObligationView? Obligation)
{
    public static LegalRecordWritten Of(string situationId, LegalOutcome.Stored stored, LegalRecordSet records)
    {
        var body = records.Bodies.FirstOrDefault(b => b.Id == stored.Id && stored.Kind == LegalKinds.Body);
        var proceeding = stored.Kind == LegalKinds.Proceeding
            ? ProceedingsDocument.Of(situationId, records).Proceedings.FirstOrDefault(p => p.Id == stored.Id) : null;
        var step = records.Steps.FirstOrDefault(s => s.Id == stored.Id && stored.Kind == LegalKinds.Step);
        var obligation = records.Obligations.FirstOrDefault(o => o.Id == stored.Id && stored.Kind == LegalKinds.Obligation);
        return new(situationId, stored.Kind, stored.Id, stored.Version, stored.Changed,
            body is null ? null : new BodyView(body.Id, body.Name, KebabCase.Of(body.Kind), body.Sources),
            proceeding, step is null ? null : StepView.Of(step), obligation is null ? null : ObligationView.Of(records, obligation));
    }
}
