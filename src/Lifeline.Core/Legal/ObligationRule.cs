using Lifeline.Core.Common;
using Lifeline.Core.Events;
using Lifeline.Core.Situations;

namespace Lifeline.Core.Legal;

/// <summary>Whether an obligation was complied with on a day, as the record shows it.</summary>
public enum ComplianceState
{
    /// <summary>The record does not say: the status it depends on is unknown, or no event decides it.</summary>
    Unknown,

    Complied,

    NotComplied,
}

/// <summary>What the record holds about one day: the derived status of routes and utilities, and the events dated that day.</summary>
public sealed record RecordDay(DayStatus Status, IReadOnlyList<RecordedEvent> Events);

/// <summary>An event as a rule reads it: its day, its type (kebab-case key) and its route, if it names one.</summary>
public sealed record RecordedEvent(DateOnly Date, string Type, string EventId, string? RouteId = null);

/// <summary>What a rule says of a day, with the events that decide it (those that set the statuses read, or that happened).</summary>
public sealed record RuleOutcome(ComplianceState State, IReadOnlyList<string> DecidingEvents, string Reason);

/// <summary>Where a rule's text is wrong and why.</summary>
public sealed record RuleError(int Position, string Message)
{
    public override string ToString() => $"at character {Position + 1}: {Message}";
}

/// <summary>
/// A rule over the record: a small language, not code per order, that says on which days an obligation is complied
/// with, from the derived calendar of routes and utilities and from the events of each day (docs/legal.md, "Rules").
/// The terms:
/// <list type="bullet">
/// <item><c>route-open</c>, <c>route-open(ROUTE)</c>: complied when the route (the main route when none is named) is
/// open; not complied when it is restricted, humanitarian-only or closed; unknown when its status is unknown.</item>
/// <item><c>route-at-most(STATUS)</c>, <c>route-at-most(STATUS, ROUTE)</c>: complied when the route's status is no more
/// restrictive than STATUS (<c>open</c>, <c>restricted</c>, <c>humanitarian-only</c>, <c>closed</c>); not complied when it is
/// more; unknown when unknown.</item>
/// <item><c>utility-available(UTILITY)</c>: complied when the utility (<c>gas</c>, <c>electricity</c>, <c>internet</c>,
/// <c>water</c>) is available; not complied when partial or cut; unknown when unknown.</item>
/// <item><c>event(TYPE)</c>: complied on a day an event of that type is recorded; otherwise unknown (that nothing is
/// recorded does not show that nothing happened).</item>
/// <item><c>all(R, R, ...)</c>, <c>any(R, R, ...)</c>, <c>not(R)</c>: and, or, not, over three values (Kleene): any
/// rule not complied makes <c>all</c> not complied, any complied makes <c>any</c> complied, and unknown otherwise
/// wherever the answer depends on it.</item>
/// </list>
/// </summary>
public abstract record ObligationRule
{
    /// <summary>The longest rule text accepted.</summary>
    public const int MaxLength = 2_000;

    /// <summary>The names of the terms, for messages and the docs.</summary>
    public static IReadOnlyList<string> Terms { get; } = ["route-open", "route-at-most", "utility-available", "event", "all", "any", "not"];

    /// <summary>What holds on <paramref name="day"/>; <paramref name="mainRoute"/> is the route a term names none.</summary>
    public abstract RuleOutcome Evaluate(RecordDay day, string? mainRoute);

    /// <summary>The routes the rule names (to check they exist in the situation).</summary>
    public abstract IEnumerable<string> Routes { get; }

    /// <summary>The rule in its written form, normalized (one space after each comma).</summary>
    public abstract override string ToString();

    /// <summary>Reads a rule; on error, the rule is null and the error names the position and the term or token at fault.</summary>
    public static (ObligationRule? Rule, RuleError? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, new RuleError(0, "is empty: write a rule such as route-open"));
        }
        if (text.Length > MaxLength)
        {
            return (null, new RuleError(MaxLength, $"is longer than {MaxLength} characters"));
        }
        var parser = new Parser(text);
        try
        {
            var rule = parser.Rule();
            parser.End();
            return (rule, null);
        }
        catch (RuleSyntaxException ex)
        {
            return (null, ex.Error);
        }
    }

    internal static string Words(CorridorStatus status) => KebabCase.Of(status);

    private sealed class RuleSyntaxException(RuleError error) : Exception(error.Message)
    {
        public RuleError Error { get; } = error;
    }

    private sealed class Parser(string text)
    {
        private const int MaxDepth = 32;
        private int position;
        private int depth;

        public ObligationRule Rule()
        {
            SkipSpace();
            var start = position;
            var name = Word();
            if (name.Length == 0)
            {
                throw Fail(start, position < text.Length ? $"unexpected '{text[position]}': a rule starts with a term ({string.Join(", ", Terms)})" : "a term is missing");
            }
            if (++depth > MaxDepth)
            {
                throw Fail(start, $"rules nest at most {MaxDepth} deep");
            }
            try
            {
                return name switch
                {
                    "route-open" => RouteOpen(),
                    "route-at-most" => RouteAtMost(start),
                    "utility-available" => UtilityAvailable(start),
                    "event" => EventTerm(start),
                    "all" => new AllOf(Operands(name, start)),
                    "any" => new AnyOf(Operands(name, start)),
                    "not" => Not(start),
                    _ => throw Fail(start, $"unknown term '{name}': the terms are {string.Join(", ", Terms)}"),
                };
            }
            finally
            {
                depth--;
            }
        }

        public void End()
        {
            SkipSpace();
            if (position < text.Length)
            {
                throw Fail(position, $"unexpected '{text[position..]}' after the rule");
            }
        }

        private RouteOpen RouteOpen()
        {
            var args = OptionalArguments();
            return args.Count switch
            {
                0 => new RouteOpen(null),
                1 => new RouteOpen(RouteId(args[0])),
                _ => throw Fail(args[1].Position, "route-open takes at most one argument: the route"),
            };
        }

        private RouteAtMost RouteAtMost(int start)
        {
            var args = OptionalArguments();
            if (args.Count is 0 or > 2)
            {
                throw Fail(start, "route-at-most takes a status and, optionally, a route: route-at-most(humanitarian-only)");
            }
            var status = KebabCase.Parse<CorridorStatus>(args[0].Text);
            if (status is null or CorridorStatus.Unknown)
            {
                throw Fail(args[0].Position, $"unknown status '{args[0].Text}': the statuses are open, restricted, humanitarian-only, closed");
            }
            return new RouteAtMost(status.Value, args.Count == 2 ? RouteId(args[1]) : null);
        }

        private UtilityAvailable UtilityAvailable(int start)
        {
            var args = OptionalArguments();
            if (args.Count != 1)
            {
                throw Fail(start, $"utility-available takes one utility: {KebabCase.Choices<Utility>()}");
            }
            var utility = KebabCase.Parse<Utility>(args[0].Text)
                ?? throw Fail(args[0].Position, $"unknown utility '{args[0].Text}': the utilities are {KebabCase.Choices<Utility>()}");
            return new UtilityAvailable(utility);
        }

        private EventOfType EventTerm(int start)
        {
            var args = OptionalArguments();
            if (args.Count != 1)
            {
                throw Fail(start, "event takes one event type: event(medical-evacuation)");
            }
            var type = EventType.Find(args[0].Text)
                ?? throw Fail(args[0].Position, $"unknown event type '{args[0].Text}'");
            return new EventOfType(type.Key);
        }

        private NotRule Not(int start)
        {
            var operands = Operands("not", start);
            return operands.Count == 1 ? new NotRule(operands[0]) : throw Fail(start, "not takes one rule");
        }

        private List<ObligationRule> Operands(string name, int start)
        {
            SkipSpace();
            if (!Take('('))
            {
                throw Fail(start, $"{name} takes rules in brackets: {name}(route-open, ...)");
            }
            var operands = new List<ObligationRule> { Rule() };
            SkipSpace();
            while (Take(','))
            {
                operands.Add(Rule());
                SkipSpace();
            }
            if (!Take(')'))
            {
                throw Fail(position, position < text.Length ? $"expected ',' or ')' but found '{text[position]}'" : $"a ')' closing {name}( is missing");
            }
            return operands;
        }

        private List<(string Text, int Position)> OptionalArguments()
        {
            SkipSpace();
            var args = new List<(string, int)>();
            if (!Take('('))
            {
                return args;
            }
            do
            {
                SkipSpace();
                var at = position;
                var word = Word();
                if (word.Length == 0)
                {
                    throw Fail(at, "an argument is missing");
                }
                args.Add((word, at));
                SkipSpace();
            }
            while (Take(','));
            if (!Take(')'))
            {
                throw Fail(position, position < text.Length ? $"expected ',' or ')' but found '{text[position]}'" : "a ')' is missing");
            }
            return args;
        }

        private static string RouteId((string Text, int Position) arg) =>
            Slug.IsValid(arg.Text) ? arg.Text : throw Fail(arg.Position, $"'{arg.Text}' is not a route id: {Slug.Rule}");

        private string Word()
        {
            var start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '-' or '_' or '.'))
            {
                position++;
            }
            return text[start..position];
        }

        private bool Take(char c)
        {
            if (position < text.Length && text[position] == c)
            {
                position++;
                return true;
            }
            return false;
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        private static RuleSyntaxException Fail(int at, string message) => new(new RuleError(at, message));
    }
}

/// <summary><c>route-open</c>: the route's derived status is open.</summary>
public sealed record RouteOpen(string? RouteId) : ObligationRule
{
    public override IEnumerable<string> Routes => RouteId is null ? [] : [RouteId];

    public override RuleOutcome Evaluate(RecordDay day, string? mainRoute) =>
        new RouteAtMost(CorridorStatus.Open, RouteId).Evaluate(day, mainRoute);

    public override string ToString() => RouteId is null ? "route-open" : $"route-open({RouteId})";
}

/// <summary><c>route-at-most(STATUS)</c>: the route's derived status is no more restrictive than <see cref="Limit"/>.</summary>
public sealed record RouteAtMost(CorridorStatus Limit, string? RouteId) : ObligationRule
{
    public override IEnumerable<string> Routes => RouteId is null ? [] : [RouteId];

    public override RuleOutcome Evaluate(RecordDay day, string? mainRoute)
    {
        ArgumentNullException.ThrowIfNull(day);
        var route = RouteId ?? mainRoute;
        if (route is null || !day.Status.Routes.TryGetValue(route, out var status))
        {
            return new RuleOutcome(ComplianceState.Unknown, [], $"no route {route ?? "(main)"} in the record");
        }
        var deciding = day.Status.RouteEvents.GetValueOrDefault(route) is { } eventId ? new[] { eventId } : [];
        var state = status == CorridorStatus.Unknown ? ComplianceState.Unknown
            : status <= Limit ? ComplianceState.Complied : ComplianceState.NotComplied;
        return new RuleOutcome(state, deciding, $"{route} {Words(status)}");
    }

    public override string ToString()
    {
        var status = Words(Limit);
        return RouteId is null ? $"route-at-most({status})" : $"route-at-most({status}, {RouteId})";
    }
}

/// <summary><c>utility-available(UTILITY)</c>: the utility's derived status is available.</summary>
public sealed record UtilityAvailable(Utility Utility) : ObligationRule
{
    public override IEnumerable<string> Routes => [];

    public override RuleOutcome Evaluate(RecordDay day, string? mainRoute)
    {
        ArgumentNullException.ThrowIfNull(day);
        var status = day.Status.Utilities.GetValueOrDefault(Utility, UtilityStatus.Unknown);
        var deciding = day.Status.UtilityEvents.GetValueOrDefault(Utility) is { } eventId ? new[] { eventId } : [];
        var state = status switch
        {
            UtilityStatus.Unknown => ComplianceState.Unknown,
            UtilityStatus.Available => ComplianceState.Complied,
            _ => ComplianceState.NotComplied,
        };
        return new RuleOutcome(state, deciding, $"{KebabCase.Of(Utility)} {KebabCase.Of(status)}");
    }

    public override string ToString() => $"utility-available({KebabCase.Of(Utility)})";
}

/// <summary><c>event(TYPE)</c>: an event of the type is recorded on the day.</summary>
public sealed record EventOfType(string Type) : ObligationRule
{
    public override IEnumerable<string> Routes => [];

    public override RuleOutcome Evaluate(RecordDay day, string? mainRoute)
    {
        ArgumentNullException.ThrowIfNull(day);
        var matching = day.Events.Where(e => string.Equals(e.Type, Type, StringComparison.Ordinal)).Select(e => e.EventId).ToList();
        return matching.Count > 0
            ? new RuleOutcome(ComplianceState.Complied, matching, $"{Type} recorded")
            : new RuleOutcome(ComplianceState.Unknown, [], $"no {Type} recorded");
    }

    public override string ToString() => $"event({Type})";
}

/// <summary><c>all(...)</c>: every rule holds (three-valued and).</summary>
public sealed record AllOf(IReadOnlyList<ObligationRule> Rules) : ObligationRule
{
    public override IEnumerable<string> Routes => Rules.SelectMany(r => r.Routes);

    public override RuleOutcome Evaluate(RecordDay day, string? mainRoute) =>
        Combine(Rules.Select(r => r.Evaluate(day, mainRoute)).ToList(), ComplianceState.NotComplied, ComplianceState.Complied, " and ");

    internal static RuleOutcome Combine(List<RuleOutcome> outcomes, ComplianceState dominant, ComplianceState neutral, string joiner)
    {
        // The dominant value decides alone (one breach breaks an all); otherwise unknown wins over the neutral value.
        var state = outcomes.Any(o => o.State == dominant) ? dominant
            : outcomes.Any(o => o.State == ComplianceState.Unknown) ? ComplianceState.Unknown : neutral;
        var deciding = state == neutral ? outcomes : outcomes.Where(o => o.State == state).ToList();
        return new RuleOutcome(state, deciding.SelectMany(o => o.DecidingEvents).Distinct(StringComparer.Ordinal).ToList(),
            string.Join(joiner, deciding.Select(o => o.Reason)));
    }

    public bool Equals(AllOf? other) => other is not null && Rules.SequenceEqual(other.Rules);

    public override int GetHashCode() => Rules.Count;

    public override string ToString() => $"all({string.Join(", ", Rules)})";
}

/// <summary><c>any(...)</c>: at least one rule holds (three-valued or).</summary>
public sealed record AnyOf(IReadOnlyList<ObligationRule> Rules) : ObligationRule
{
    public override IEnumerable<string> Routes => Rules.SelectMany(r => r.Routes);

    public override RuleOutcome Evaluate(RecordDay day, string? mainRoute) =>
        AllOf.Combine(Rules.Select(r => r.Evaluate(day, mainRoute)).ToList(), ComplianceState.Complied, ComplianceState.NotComplied, " or ");

    public bool Equals(AnyOf? other) => other is not null && Rules.SequenceEqual(other.Rules);

    public override int GetHashCode() => Rules.Count;

    public override string ToString() => $"any({string.Join(", ", Rules)})";
}

/// <summary><c>not(R)</c>: the rule does not hold; unknown stays unknown.</summary>
public sealed record NotRule(ObligationRule Rule) : ObligationRule
{
    public override IEnumerable<string> Routes => Rule.Routes;

    public override RuleOutcome Evaluate(RecordDay day, string? mainRoute)
    {
        var inner = Rule.Evaluate(day, mainRoute);
        var state = inner.State switch
        {
            ComplianceState.Complied => ComplianceState.NotComplied,
            ComplianceState.NotComplied => ComplianceState.Complied,
            _ => ComplianceState.Unknown,
        };
        return inner with { State = state, Reason = $"not ({inner.Reason})" };
    }

    public override string ToString() => $"not({Rule})";
}
