using Lifeline.Core.Access;

namespace Lifeline.Core.Evidence;

/// <summary>What happened to a piece of evidence in one step of its chain of custody.</summary>
public enum CustodyAction
{
    /// <summary>Lifeline received the file (the first step, written with the upload).</summary>
    Received,

    /// <summary>Someone opened or downloaded it.</summary>
    Viewed,

    /// <summary>A copy left Lifeline in an evidence bundle.</summary>
    Exported,

    /// <summary>The evidence (or its original) was handed to another custodian.</summary>
    Transferred,
}

/// <summary>
/// Who may see and add evidence. Evidence files are never public: they may show faces, names and wounds. A
/// signed-in person sees the evidence of an event when they may see the event and hold an internal role that
/// reads the record (caseworkers work with families, not with event evidence).
/// </summary>
public static class EvidenceAccess
{
    public static bool CanSee(Viewer viewer, EventStage stage, string? authorId) =>
        !viewer.IsAnonymous
        && viewer.HasAny(Role.Admin, Role.Analyst, Role.Reporter, Role.Verifier, Role.Publisher, Role.Viewer)
        && EventAccess.CanSee(viewer, stage, authorId);

    /// <summary>Adding evidence or a custody step needs a role that records, on an event the person may see.</summary>
    public static bool CanAdd(Viewer viewer, EventStage stage, string? authorId) =>
        CanSee(viewer, stage, authorId) && EventAccess.CanRecord(viewer);
}
