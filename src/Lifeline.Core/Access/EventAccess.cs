namespace Lifeline.Core.Access;

/// <summary>
/// Who may see and do what with events and sources. Every rule denies unless a role or the record grants it;
/// the shell answers "not found" for a record the caller may not see, so that its existence does not leak.
/// </summary>
public static class EventAccess
{
    /// <summary>
    /// Published events are public. Verifiers, publishers, analysts and admins see everything; viewers see what
    /// has been reviewed; the author of an event always sees it.
    /// </summary>
    public static bool CanSee(Viewer viewer, EventStage stage, string? authorId) =>
        stage == EventStage.Published
        || viewer.HasAny(Role.Admin, Role.Verifier, Role.Publisher, Role.Analyst)
        || (stage == EventStage.Reviewed && viewer.HasAny(Role.Viewer))
        || IsAuthor(viewer, authorId);

    /// <summary>The stages whose events a viewer sees regardless of author.</summary>
    public static IReadOnlyList<EventStage> StagesSeenByAnyone(Viewer viewer) =>
        viewer.HasAny(Role.Admin, Role.Verifier, Role.Publisher, Role.Analyst) ? [EventStage.Intake, EventStage.Reviewed, EventStage.Published]
        : viewer.HasAny(Role.Viewer) ? [EventStage.Reviewed, EventStage.Published]
        : [EventStage.Published];

    public static bool CanRecord(Viewer viewer) =>
        viewer.HasAny(Role.Admin, Role.Analyst, Role.Reporter, Role.Verifier, Role.Publisher);

    /// <summary>Verifiers and admins correct any event; an author corrects their own until it is reviewed.</summary>
    public static bool CanEdit(Viewer viewer, EventStage stage, string? authorId) =>
        viewer.HasAny(Role.Admin, Role.Verifier) || (CanRecord(viewer) && stage == EventStage.Intake && IsAuthor(viewer, authorId));

    /// <summary>Verifiers set the verification state (verified or disputed) and grade sources.</summary>
    public static bool CanReview(Viewer viewer) => viewer.HasAny(Role.Admin, Role.Verifier);

    /// <summary>Only a publisher makes an event public, and only once a verifier has reviewed it.</summary>
    public static bool CanPublish(Viewer viewer, EventStage stage) =>
        viewer.HasAny(Role.Admin, Role.Publisher) && stage != EventStage.Intake;

    /// <summary>
    /// Who recorded each version, reviewers' notes and earlier versions are internal: anonymous visitors see
    /// the current published version only.
    /// </summary>
    public static bool SeesHistory(Viewer viewer) => !viewer.IsAnonymous;

    /// <summary>The publisher and address of a source marked "protect identity" are shown only to those who check sources.</summary>
    public static bool SeesProtectedSources(Viewer viewer) => viewer.HasAny(Role.Admin, Role.Verifier, Role.Publisher);

    private static bool IsAuthor(Viewer viewer, string? authorId) =>
        !viewer.IsAnonymous && authorId is not null && authorId == viewer.UserId;
}
