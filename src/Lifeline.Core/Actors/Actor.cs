namespace Lifeline.Core.Actors;

/// <summary>What sort of actor takes part in events.</summary>
public enum ActorKind
{
    State,
    ArmedForce,
    Peacekeepers,
    Authority,
    Organisation,
    UnBody,
    Court,
    Group,
    Company,
    Person,
}

/// <summary>
/// A state, force, organisation, group or company that acts in events (ACLED actor 1 or 2).
/// </summary>
/// <param name="Affiliations">Ids of the actors this one belongs to or acts for (a border service to its state).</param>
public sealed record Actor(string Id, string Name, ActorKind Kind, IReadOnlyList<string> Affiliations);
