namespace Lifeline.Core.Access;

/// <summary>
/// Who may see family data: caseworkers and admins, and nobody else: not analysts, not publishers, not viewers, not
/// the public. Everyone may see the counts per situation and status, which name nobody.
/// </summary>
public static class FamilyAccess
{
    public static bool CanUse(Viewer viewer) => viewer.HasAny(Role.Admin, Role.Caseworker);

    /// <summary>Counts below this are shown as "fewer than 5", so that a small group cannot be singled out.</summary>
    public const int SmallestCountShown = 5;
}
