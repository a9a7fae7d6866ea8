using System.Globalization;
using Lifeline.Core.EarlyWarning;
using Lifeline.Core.Events;

namespace Lifeline.EarlyWarning;

/// <summary>Settings that cannot be used: Lifeline refuses to start with them, and says which and why.</summary>
internal sealed class InvalidSettingsException(string message) : Exception(message);

/// <summary>
/// The signals' thresholds from configuration: the section <c>EarlyWarning:Signals</c> of appsettings.json, or
/// environment variables such as <c>EarlyWarning__Signals__CorridorDays=10</c>. A setting that is not given keeps
/// its default (<see cref="SignalSettings"/>); a list of event types is written as an array or as one value with
/// commas (<c>IncitementTypes=statement,other</c>; an empty value empties the list); so are council actors and warning bodies. A key that is not a setting, a
/// value that is not a number, or a number out of range is refused, naming the key and the value.
/// </summary>
internal static class SignalConfiguration
{
    public const string Section = "EarlyWarning:Signals";

    private static readonly string[] DayKeys =
    [
        nameof(SignalSettings.CorridorDays), nameof(SignalSettings.CorridorFullDays), nameof(SignalSettings.LivingConditionsFullDays),
        nameof(SignalSettings.RecentDays), nameof(SignalSettings.TrendDays), nameof(SignalSettings.LegalComplianceDays),
    ];

    private static readonly string[] TypeKeys =
    [
        nameof(SignalSettings.ViolenceTypes), nameof(SignalSettings.IncitementTypes), nameof(SignalSettings.TurnedBackTypes), nameof(SignalSettings.LegalTypes),
        nameof(SignalSettings.ArmedAttackTypes), nameof(SignalSettings.BuildUpTypes), nameof(SignalSettings.DisplacementTypes), nameof(SignalSettings.SiegeDeathTypes),
        nameof(SignalSettings.CouncilActors), nameof(SignalSettings.WarningBodies), nameof(SignalSettings.DisabledSignals),
    ];

    private static readonly string[] AllKeys = [.. DayKeys, nameof(SignalSettings.SupplyDaysThreshold), .. TypeKeys];

    /// <summary>The settings in <paramref name="configuration"/>, or <see cref="InvalidSettingsException"/> listing every problem.</summary>
    public static SignalSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var problems = new List<string>();
        var settings = SignalSettings.Default;
        var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var key = AllKeys.FirstOrDefault(k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                problems.Add($"{Section}:{child.Key} is not a setting; the settings are {string.Join(", ", AllKeys)}");
                continue;
            }
            if (DayKeys.Contains(key) || key == nameof(SignalSettings.SupplyDaysThreshold))
            {
                if (child.Value is null)
                {
                    problems.Add($"{Section}:{key} must be a number, not a list");
                    continue;
                }
                if (key == nameof(SignalSettings.SupplyDaysThreshold))
                {
                    if (!double.TryParse(child.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
                    {
                        problems.Add($"{Section}:{key} = '{child.Value}' is not a number (write 14 or 10.5)");
                        continue;
                    }
                    settings = settings with { SupplyDaysThreshold = threshold };
                }
                else
                {
                    if (!int.TryParse(child.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days))
                    {
                        problems.Add($"{Section}:{key} = '{child.Value}' is not a whole number of days");
                        continue;
                    }
                    settings = key switch
                    {
                        nameof(SignalSettings.CorridorDays) => settings with { CorridorDays = days },
                        nameof(SignalSettings.CorridorFullDays) => settings with { CorridorFullDays = days },
                        nameof(SignalSettings.LivingConditionsFullDays) => settings with { LivingConditionsFullDays = days },
                        nameof(SignalSettings.RecentDays) => settings with { RecentDays = days },
                        nameof(SignalSettings.TrendDays) => settings with { TrendDays = days },
                        _ => settings with { LegalComplianceDays = days },
                    };
                }
                given[key] = child.Value;
                continue;
            }
            var types = child.Value is { } text
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : child.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => (c.Value ?? "").Trim()).ToArray();
            given[key] = string.Join(",", types);
            settings = key switch
            {
                nameof(SignalSettings.ViolenceTypes) => settings with { ViolenceTypes = types },
                nameof(SignalSettings.IncitementTypes) => settings with { IncitementTypes = types },
                nameof(SignalSettings.TurnedBackTypes) => settings with { TurnedBackTypes = types },
                nameof(SignalSettings.ArmedAttackTypes) => settings with { ArmedAttackTypes = types },
                nameof(SignalSettings.BuildUpTypes) => settings with { BuildUpTypes = types },
                nameof(SignalSettings.DisplacementTypes) => settings with { DisplacementTypes = types },
                nameof(SignalSettings.SiegeDeathTypes) => settings with { SiegeDeathTypes = types },
                nameof(SignalSettings.CouncilActors) => settings with { CouncilActors = types },
                nameof(SignalSettings.WarningBodies) => settings with { WarningBodies = types },
                nameof(SignalSettings.DisabledSignals) => settings with { DisabledSignals = types },
                _ => settings with { LegalTypes = types },
            };
        }
        var known = EventType.All.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (setting, problem) in settings.Problems(known))
        {
            problems.Add($"{Section}:{setting} = '{given.GetValueOrDefault(setting)}' {problem}");
        }
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException($"The early-warning settings cannot be used: {string.Join("; ", problems)}. See docs/early-warning.md, \"Thresholds\".");
        }
        return settings;
    }
}
