namespace Lifeline.Core.Families;

/// <summary>Who may be told that a registered person is safe and where.</summary>
public enum ConsentScope
{
    /// <summary>Nobody: the registration is kept, but nothing is disclosed.</summary>
    Nobody,

    /// <summary>Only the relatives named in the consent.</summary>
    NamedRelatives,

    /// <summary>Any enquirer whose request a caseworker matched to the person.</summary>
    AnyEnquirer,
}

/// <summary>How consent was given.</summary>
public enum ConsentMethod
{
    Written,
    Oral,
    Electronic,

    /// <summary>By a parent or guardian for a child, or a legal representative.</summary>
    Guardian,
}

/// <summary>A consent as recorded: who gave it, when, how, and what it allows.</summary>
/// <param name="NamedRelatives">For <see cref="ConsentScope.NamedRelatives"/>: the person ids of those who may be told.</param>
public sealed record Consent(string GivenBy, DateOnly GivenOn, ConsentMethod Method, ConsentScope Scope, IReadOnlyList<string> NamedRelatives);

/// <summary>A person registered as alive and where they are, by themselves or by a caseworker for them.</summary>
public sealed record SafeRegistration(string PersonId, string Whereabouts, bool BySelf, Consent Consent);

/// <summary>The answer to "may the enquirer be told where this person is?", with the reason in words.</summary>
public sealed record DisclosureDecision(bool Allowed, string Reason);

/// <summary>
/// Whether a found person's whereabouts may go to an enquirer: only as far as the person's consent reaches, and for a
/// child only on a caseworker's recorded best-interest decision, whatever the consent says.
/// </summary>
public static class DisclosureRules
{
    /// <param name="bestInterestDecision">The caseworker's recorded decision that telling is in the child's best interest; null when none.</param>
    public static DisclosureDecision Decide(SafeRegistration registration, PersonRecord found, string enquirerId, DateOnly today, string? bestInterestDecision)
    {
        if (found.Birth.MayBeChildOn(today) && string.IsNullOrWhiteSpace(bestInterestDecision))
        {
            return new(false, "The person may be a child: a caseworker's best-interest decision must be recorded before anything is disclosed.");
        }
        return registration.Consent.Scope switch
        {
            ConsentScope.Nobody => new(false, "The person's consent allows telling nobody."),
            ConsentScope.NamedRelatives when !registration.Consent.NamedRelatives.Contains(enquirerId, StringComparer.Ordinal) =>
                new(false, "The person's consent names the relatives who may be told, and the enquirer is not one of them."),
            ConsentScope.NamedRelatives => new(true, "The enquirer is a relative named in the person's consent."),
            _ => new(true, "The person's consent allows telling any enquirer matched by a caseworker."),
        };
    }
}
