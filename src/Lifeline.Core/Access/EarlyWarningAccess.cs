namespace Lifeline.Core.Access;

/// <summary>
/// Who may do what in early warning. Assessments are analysts' judgements: analysts and admins write them; every
/// signed-in account reads them with the evidence they cite. The risk series, its matrix and the alerts are public:
/// an early warning nobody outside can read warns no one. Webhook subscriptions are managed by analysts and admins.
/// </summary>
public static class EarlyWarningAccess
{
    public static bool CanAssess(Viewer viewer) => viewer.HasAny(Role.Admin, Role.Analyst);

    public static bool CanReadAssessments(Viewer viewer) => !viewer.IsAnonymous;

    /// <summary>
    /// Whether the supplies-low signal is computed for this caller: supply figures are internal (stock levels help a
    /// besieger), so only those who may read supplies see it; the public risk, the feed and webhooks go without it.
    /// </summary>
    public static bool SeesSupplySignal(Viewer viewer) =>
        viewer.HasAny(Role.Admin, Role.Analyst, Role.Reporter, Role.Verifier, Role.Publisher, Role.Viewer);

    public static bool CanManageSubscriptions(Viewer viewer) => viewer.HasAny(Role.Admin, Role.Analyst);
}
