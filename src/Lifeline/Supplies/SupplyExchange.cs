using System.Globalization;
using Lifeline.Exchange;
using Lifeline.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Supplies;

/// <summary>A supply observation version as the <c>lifeline/1</c> document carries it: the fields of a draft, its version and who recorded it.</summary>
internal static class SupplyExchange
{
    public static SupplyObservationDto ToDto(SupplyObservationVersionRow row) => new()
    {
        Id = row.ObservationId,
        Version = row.Version,
        Kind = row.Kind,
        Date = row.DatePrecision == "month"
            ? row.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        To = row.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Commodity = row.Commodity,
        Amount = row.Amount,
        Low = row.Low,
        High = row.High,
        Unit = row.Unit,
        Qualifier = row.Qualifier,
        Location = row.Location,
        Route = row.Route,
        Carriers = row.Carriers.Count == 0 ? null : [.. row.Carriers],
        Outcome = row.Outcome,
        Per = row.Per,
        Group = row.PopulationGroup,
        Market = row.Market,
        Item = row.Item,
        Currency = row.Currency,
        Factor = row.Factor,
        ComparedWith = row.ComparedWith,
        Baseline = row.Baseline ? true : null,
        Utility = row.Utility,
        HoursPerDay = row.HoursPerDay,
        ServicesHit = row.ServicesHit.Count == 0 ? null : [.. row.ServicesHit],
        Moved = row.Moved,
        Cumulative = row.Cumulative,
        Waiting = row.Waiting,
        Counted = row.Counted,
        Area = row.Area,
        ExtremeFoodGapShare = row.ExtremeFoodGapShare,
        GamUnderFive = row.GamUnderFive,
        CrudeDeathRate = row.CrudeDeathRate,
        UnderFiveDeathRate = row.UnderFiveDeathRate,
        Reason = row.OverrideReason,
        Sources = [.. row.Sources],
        Notes = row.Notes,
        Recorded = new RecordedDto { At = LedgerEntry.Instant(row.RecordedAt), By = row.RecordedBy, Reason = row.Reason },
    };
}

/// <summary>
/// Checks supply observation versions read from a <c>lifeline/1</c> document by the rules an observation typed in
/// meets (<see cref="Core.Supplies.SupplyObservationValidator"/>), and gives the rows to store: every version of each
/// observation and its current view. Versions of one observation come together, in order, numbered from 1.
/// </summary>
internal sealed class SupplyObservationImport(Storage.LifelineDbContext db, string situationId, DateOnly today, DateTimeOffset now, string recordedBy, string reason)
{
    public IReadOnlyList<(IReadOnlyList<SupplyObservationVersionRow> Versions, SupplyObservationRow Current)> Check(
        IReadOnlyList<(string Path, SupplyObservationDto Dto)> entries, Action<string, string> error)
    {
        var situation = db.Situations.AsNoTracking().First(s => s.Id == situationId);
        var context = new Core.Supplies.ObservationContext(
            situation.StartDate, today,
            db.Routes.Where(r => r.SituationId == situationId).Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
            db.Sources.Where(s => s.SituationId == situationId).Select(s => s.Id).ToHashSet(StringComparer.Ordinal), [],
            situation.EndDate, situation.Period());
        var stored = db.SupplyObservations.Where(o => o.SituationId == situationId).Select(o => o.ObservationId).ToHashSet(StringComparer.Ordinal);
        var result = new List<(IReadOnlyList<SupplyObservationVersionRow>, SupplyObservationRow)>();
        var versions = new List<SupplyObservationVersionRow>();
        Core.Supplies.ObservationVersion? last = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? currentId = null;
        var currentVersion = 0;
        void Complete()
        {
            if (last is not null)
            {
                result.Add((versions.ToList(), SupplyObservationRow.From(last)));
            }
            versions.Clear();
            last = null;
        }
        foreach (var (path, dto) in entries)
        {
            var (content, errors) = Core.Supplies.SupplyObservationValidator.Validate(dto, context);
            foreach (var (field, messages) in errors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    error($"{path}.{field}", message);
                }
            }
            if (!Core.Common.Slug.IsValid(dto.Id))
            {
                error($"{path}.id", "is required in a file: a stable id such as 2023-09-23-icrc-wheat-flour");
                continue;
            }
            var version = dto.Version ?? 1;
            var same = dto.Id == currentId;
            if (!same)
            {
                Complete();
                currentId = dto.Id;
                currentVersion = 0;
                if (stored.Contains(dto.Id!) || !seen.Add(dto.Id!))
                {
                    error($"{path}.id", $"observation '{dto.Id}' is already stored in this situation, or its versions do not come together");
                    continue;
                }
            }
            if (version != currentVersion + 1)
            {
                error($"{path}.version", $"must be {currentVersion + 1}: the versions of observation '{dto.Id}' come together, in order, from 1");
            }
            currentVersion = version;
            var recording = Recording(dto.Recorded, $"{path}.recorded", error);
            if (content is null || recording is null)
            {
                continue;
            }
            last = new Core.Supplies.ObservationVersion(situationId, dto.Id!, version, content, recording);
            versions.Add(SupplyObservationVersionRow.From(last));
        }
        Complete();
        return result;
    }

    private Core.Events.Recording? Recording(RecordedDto? recorded, string path, Action<string, string> error)
    {
        var at = now;
        if (recorded?.At is not null
            && !DateTimeOffset.TryParseExact(recorded.At, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
        {
            error($"{path}.at", $"'{recorded.At}' is not an instant: write it as YYYY-MM-DDTHH:MM:SSZ (UTC)");
            return null;
        }
        if (at > now.AddDays(1))
        {
            error($"{path}.at", $"{recorded!.At} is in the future");
            return null;
        }
        return new Core.Events.Recording(at, string.IsNullOrWhiteSpace(recorded?.By) ? recordedBy : recorded.By.Trim(),
            string.IsNullOrWhiteSpace(recorded?.Reason) ? reason : recorded.Reason.Trim());
    }
}
