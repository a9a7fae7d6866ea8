using Lifeline.Core.Situations;

namespace Lifeline.Core.Events;

/// <summary>
/// What kind of thing happened. Each type maps to one ACLED event type and sub-event type so that
/// Lifeline's record can be exchanged with ACLED-shaped datasets; the siege types say more than ACLED does
/// and some of them move the corridor or a utility to a new status.
/// </summary>
/// <param name="Key">The kebab-case name used in files, the API and addresses.</param>
public sealed record EventType(
    string Key,
    string AcledEventType,
    string AcledSubEventType,
    string Description,
    CorridorStatus? SetsCorridor = null,
    UtilityStatus? SetsUtility = null)
{
    private const string Strategic = "Strategic developments";
    private const string Other = "Other";

    public bool ChangesCorridor => SetsCorridor is not null;
    public bool ChangesUtility => SetsUtility is not null;
    public bool IsSiegeType => Siege.Contains(this);

    public static IReadOnlyList<EventType> Siege { get; } =
    [
        new("corridor-closed", Strategic, Other, "Corridor closed: nothing passes, humanitarian traffic included", SetsCorridor: CorridorStatus.Closed),
        new("corridor-humanitarian-only", Strategic, Other, "Corridor open to humanitarian movements only", SetsCorridor: CorridorStatus.HumanitarianOnly),
        new("corridor-restricted", Strategic, Other, "Corridor restricted: civilian traffic under restrictions", SetsCorridor: CorridorStatus.Restricted),
        new("corridor-reopened", Strategic, Other, "Corridor reopened to normal traffic", SetsCorridor: CorridorStatus.Open),
        new("checkpoint-established", Strategic, "Headquarters or base established", "Checkpoint established on a route"),
        new("convoy-passed", Strategic, Other, "Convoy or delivery got through"),
        new("convoy-turned-back", Strategic, Other, "Convoy stopped or turned back"),
        new("utility-cut", Strategic, Other, "Utility supply cut", SetsUtility: UtilityStatus.Cut),
        new("utility-partial", Strategic, Other, "Utility partly restored or rationed", SetsUtility: UtilityStatus.Partial),
        new("utility-restored", Strategic, Other, "Utility supply restored", SetsUtility: UtilityStatus.Available),
        new("medical-evacuation", Strategic, Other, "Medical evacuation"),
        new("rationing-measure", Strategic, Other, "Rationing measure"),
        new("service-suspended", Strategic, Other, "Service suspended (schools, transport, surgery)"),
        new("displacement", Strategic, Other, "People leave or are displaced"),
        new("siege-death", Strategic, Other, "Deaths attributed to the siege's conditions: starvation, cold, lack of medical care"),
        new("statement", Strategic, Other, "Statement, warning or alert"),
        new("legal-step", Strategic, Other, "Legal step: filing, hearing, order or decision"),
        new("report", Strategic, Other, "Figures published about the situation"),
    ];

    public static IReadOnlyList<EventType> Acled { get; } =
    [
        new("armed-clash", "Battles", "Armed clash", "Armed clash"),
        new("government-regains-territory", "Battles", "Government regains territory", "Government regains territory"),
        new("non-state-actor-overtakes-territory", "Battles", "Non-state actor overtakes territory", "Non-state actor overtakes territory"),
        new("peaceful-protest", "Protests", "Peaceful protest", "Peaceful protest"),
        new("protest-with-intervention", "Protests", "Protest with intervention", "Protest with intervention"),
        new("excessive-force-against-protesters", "Protests", "Excessive force against protesters", "Excessive force against protesters"),
        new("violent-demonstration", "Riots", "Violent demonstration", "Violent demonstration"),
        new("mob-violence", "Riots", "Mob violence", "Mob violence"),
        new("chemical-weapon", "Explosions/Remote violence", "Chemical weapon", "Chemical weapon"),
        new("air-drone-strike", "Explosions/Remote violence", "Air/drone strike", "Air or drone strike"),
        new("suicide-bomb", "Explosions/Remote violence", "Suicide bomb", "Suicide bomb"),
        new("shelling-artillery-missile-attack", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Shelling, artillery or missile attack"),
        new("remote-explosive-landmine-ied", "Explosions/Remote violence", "Remote explosive/landmine/IED", "Remote explosive, landmine or IED"),
        new("grenade", "Explosions/Remote violence", "Grenade", "Grenade"),
        new("sexual-violence", "Violence against civilians", "Sexual violence", "Sexual violence"),
        new("attack", "Violence against civilians", "Attack", "Attack on civilians"),
        new("abduction-forced-disappearance", "Violence against civilians", "Abduction/forced disappearance", "Abduction or forced disappearance"),
        new("agreement", Strategic, "Agreement", "Agreement"),
        new("arrests", Strategic, "Arrests", "Arrests"),
        new("change-to-group-activity", Strategic, "Change to group/activity", "Change to group or activity"),
        new("disrupted-weapons-use", Strategic, "Disrupted weapons use", "Disrupted weapons use"),
        new("headquarters-or-base-established", Strategic, "Headquarters or base established", "Headquarters or base established"),
        new("looting-property-destruction", Strategic, "Looting/property destruction", "Looting or property destruction"),
        new("non-violent-transfer-of-territory", Strategic, "Non-violent transfer of territory", "Non-violent transfer of territory"),
        new("other", Strategic, Other, "Other strategic development"),
    ];

    public static IReadOnlyList<EventType> All { get; } = [.. Siege, .. Acled];

    private static readonly Dictionary<string, EventType> ByKey = All.ToDictionary(t => t.Key, StringComparer.Ordinal);

    public static EventType? Find(string? key) =>
        key is not null && ByKey.TryGetValue(key.Trim(), out var type) ? type : null;

    /// <summary>Keys of the types that move the corridor or a utility; the calendar reads only these.</summary>
    public static IReadOnlyList<string> StatusChangingKeys { get; } =
        All.Where(t => t.ChangesCorridor || t.ChangesUtility).Select(t => t.Key).ToArray();

    public override string ToString() => Key;
}
