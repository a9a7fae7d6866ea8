using Lifeline.Core.Events;
using Lifeline.Core.Situations;
using Lifeline.Core.Sources;

namespace Lifeline.Core.Tests;

/// <summary>Small, explicit builders: each test says what matters to it and takes the rest from here.</summary>
internal static class Builders
{
    public static Situation Situation(DateOnly start, DateOnly? end, params string[] routes) =>
        new("test", "Test blockade", "Test region", start, end, new Dictionary<SituationFigure, SourcedFigure>(),
            (routes.Length == 0 ? ["main"] : routes).Select(r => new Route(r, r, [], [])).ToList());

    public static Source Source(string id, string publisher, SourceReliability reliability = SourceReliability.F, InformationCredibility credibility = InformationCredibility.CannotBeJudged) =>
        new(id, publisher, new Uri($"https://example.org/{id}"), null, null, null, new AdmiraltyGrade(reliability, credibility), false);

    public static Review Review(ReviewVerdict verdict) => new("test", "e1", verdict, "checked", DateTimeOffset.UnixEpoch, "reviewer");

    public static EventReferences References() => new(
        new HashSet<string> { "stepanakert", "goris" },
        new HashSet<string> { "icrc", "azerbaijan" },
        new HashSet<string> { "lachin-corridor" },
        new HashSet<string> { "src-1", "src-2" },
        new RecordPeriod("test", Common.RecordDates.Earliest, null));

    public static EventDraft ValidDraft() => new()
    {
        Date = "2023-03-21",
        Place = "stepanakert",
        Type = "corridor-closed",
        Route = "lachin-corridor",
        Notes = "The road is closed.",
        Sources = ["src-1"],
        UntilFurtherNotice = true,
    };

    public static readonly DateOnly Today = new(2026, 11, 26);
}
