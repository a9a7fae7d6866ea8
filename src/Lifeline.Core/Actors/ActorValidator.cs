using Lifeline.Core.Common;

namespace Lifeline.Core.Actors;

/// <summary>An actor as given, before it is checked.</summary>
public sealed record ActorDraft(string? Id, string? Name, string? Kind, IReadOnlyList<string>? Affiliations);

public static class ActorValidator
{
    /// <param name="actors">Ids of all actors that will exist, for the affiliations.</param>
    public static (Actor? Actor, ValidationErrors Errors) Validate(ActorDraft draft, IReadOnlySet<string> actors, string prefix)
    {
        var errors = new ValidationErrors();
        if (!Slug.IsValid(draft.Id))
        {
            errors.Add($"{prefix}.id", $"'{draft.Id}' is not a valid id: it {Slug.Rule}");
        }
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors.Add($"{prefix}.name", "is required");
        }
        var kind = KebabCase.Parse<ActorKind>(draft.Kind);
        if (kind is null)
        {
            errors.Add($"{prefix}.kind", $"'{draft.Kind}' is not a kind of actor: use one of {KebabCase.Choices<ActorKind>()}");
        }
        var affiliations = draft.Affiliations ?? [];
        for (var i = 0; i < affiliations.Count; i++)
        {
            if (affiliations[i] == draft.Id)
            {
                errors.Add($"{prefix}.affiliations[{i}]", "an actor cannot be affiliated with itself");
            }
            else if (!actors.Contains(affiliations[i]))
            {
                errors.Add($"{prefix}.affiliations[{i}]", $"there is no actor '{affiliations[i]}'");
            }
        }
        return errors.IsEmpty ? (new Actor(draft.Id!, draft.Name!.Trim(), kind!.Value, affiliations), errors) : (null, errors);
    }
}
