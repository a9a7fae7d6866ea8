using System.Globalization;

namespace Lifeline.Core.Airlift;

/// <summary>
/// A mass in metric tonnes, held exactly to the kilogram (so sums over a plan never drift). Never negative;
/// <c>default</c> is 0 t. It is not a short ton (907.18 kg): US sources on Berlin count in short tons, and a
/// scenario converts them once, saying so.
/// </summary>
public readonly record struct Tonnes : IComparable<Tonnes>
{
    private Tonnes(long kilograms) => Kilograms = kilograms;

    public long Kilograms { get; }

    /// <summary>The mass in tonnes (kilograms / 1,000).</summary>
    public decimal Value => Kilograms / 1000m;

    public static Tonnes Zero => default;

    /// <summary>Any mass from 0 kg; totals over a long horizon may exceed what one figure of a scenario may state.</summary>
    public static Tonnes FromKilograms(long kilograms) =>
        kilograms >= 0 ? new(kilograms) : throw new ArgumentOutOfRangeException(nameof(kilograms), kilograms, "a mass is never negative");

    /// <summary>Rounds to the kilogram; false unless the value is a finite number from 0 to 1,000,000 t (what one scenario figure may state).</summary>
    public static bool TryFromTonnes(double tonnes, out Tonnes value)
    {
        value = default;
        if (!double.IsFinite(tonnes) || tonnes < 0 || tonnes > 1_000_000)
        {
            return false;
        }
        value = new((long)Math.Round(tonnes * 1000, MidpointRounding.AwayFromZero));
        return true;
    }

    public static Tonnes FromTonnes(double tonnes) =>
        TryFromTonnes(tonnes, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(tonnes), tonnes, "must be a finite number from 0 to 1,000,000 t");

    public static Tonnes operator +(Tonnes a, Tonnes b) => new(checked(a.Kilograms + b.Kilograms));

    /// <summary>Throws when the result would be negative: a mass never is.</summary>
    public static Tonnes operator -(Tonnes a, Tonnes b) => FromKilograms(checked(a.Kilograms - b.Kilograms));

    public static Tonnes operator *(Tonnes a, int times) => times >= 0 ? new(checked(a.Kilograms * times)) : throw new ArgumentOutOfRangeException(nameof(times));

    public static Tonnes Min(Tonnes a, Tonnes b) => a.Kilograms <= b.Kilograms ? a : b;

    public static bool operator <(Tonnes a, Tonnes b) => a.Kilograms < b.Kilograms;

    public static bool operator >(Tonnes a, Tonnes b) => a.Kilograms > b.Kilograms;

    public static bool operator <=(Tonnes a, Tonnes b) => a.Kilograms <= b.Kilograms;

    public static bool operator >=(Tonnes a, Tonnes b) => a.Kilograms >= b.Kilograms;

    public int CompareTo(Tonnes other) => Kilograms.CompareTo(other.Kilograms);

    public override string ToString() => Value.ToString("#,##0.###", CultureInfo.InvariantCulture) + " t";
}

/// <summary>A distance in kilometres: finite, from 0 to 40,000 km (more than half way round the Earth is never a leg).</summary>
public readonly record struct Kilometres
{
    private Kilometres(double value) => Value = value;

    public double Value { get; }

    public static bool TryFrom(double kilometres, out Kilometres value)
    {
        value = default;
        if (!double.IsFinite(kilometres) || kilometres < 0 || kilometres > 40_000)
        {
            return false;
        }
        value = new(kilometres);
        return true;
    }

    public static Kilometres From(double kilometres) =>
        TryFrom(kilometres, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(kilometres), kilometres, "must be a finite distance from 0 to 40,000 km");

    /// <summary>The great-circle (haversine) distance on a sphere of radius 6,371 km.</summary>
    public static Kilometres GreatCircle(GeoPoint a, GeoPoint b)
    {
        const double EarthRadiusKm = 6371.0;
        static double Radians(double degrees) => degrees * Math.PI / 180.0;
        var dLat = Radians(b.Latitude - a.Latitude);
        var dLon = Radians(b.Longitude - a.Longitude);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(a.Latitude)) * Math.Cos(Radians(b.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return From(2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h))));
    }

    public static Kilometres operator *(Kilometres a, double factor) => From(a.Value * factor);

    public override string ToString() => Value.ToString("#,##0.#", CultureInfo.InvariantCulture) + " km";
}

/// <summary>A duration in hours: finite, from 0 to 24 h (every duration in a plan is within one day).</summary>
public readonly record struct Hours
{
    private Hours(double value) => Value = value;

    public double Value { get; }

    public static bool TryFrom(double hours, out Hours value)
    {
        value = default;
        if (!double.IsFinite(hours) || hours < 0 || hours > 24)
        {
            return false;
        }
        value = new(hours);
        return true;
    }

    public static Hours From(double hours) =>
        TryFrom(hours, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(hours), hours, "must be a finite duration from 0 to 24 h");

    public static Hours Day => new(24);

    public override string ToString() => Value.ToString("0.##", CultureInfo.InvariantCulture) + " h";
}

/// <summary>A cruise (block) speed in km/h: finite, above 0 and at most 3,000 km/h.</summary>
public readonly record struct KilometresPerHour
{
    private KilometresPerHour(double value) => Value = value;

    public double Value { get; }

    public static bool TryFrom(double kmh, out KilometresPerHour value)
    {
        value = default;
        if (!double.IsFinite(kmh) || kmh <= 0 || kmh > 3000)
        {
            return false;
        }
        value = new(kmh);
        return true;
    }

    public static KilometresPerHour From(double kmh) =>
        TryFrom(kmh, out var value) ? value : throw new ArgumentOutOfRangeException(nameof(kmh), kmh, "must be a finite speed above 0 and at most 3,000 km/h");

    /// <summary>Hours to fly <paramref name="distance"/> at this speed.</summary>
    public double HoursFor(Kilometres distance) => distance.Value / Value;

    public override string ToString() => Value.ToString("#,##0", CultureInfo.InvariantCulture) + " km/h";
}

/// <summary>A point on the Earth in decimal degrees (WGS 84): latitude −90 to 90, longitude −180 to 180.</summary>
public readonly record struct GeoPoint
{
    private GeoPoint(double latitude, double longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }
    public double Longitude { get; }

    public static bool IsLatitude(double value) => double.IsFinite(value) && value is >= -90 and <= 90;

    public static bool IsLongitude(double value) => double.IsFinite(value) && value is >= -180 and <= 180;

    public static GeoPoint From(double latitude, double longitude) =>
        IsLatitude(latitude) && IsLongitude(longitude)
            ? new(latitude, longitude)
            : throw new ArgumentOutOfRangeException(nameof(latitude), "latitude must be −90 to 90 and longitude −180 to 180");
}

/// <summary>An amount of money per flight hour or in total, in the scenario's currency (not converted), to the cent.</summary>
public readonly record struct Money
{
    private Money(decimal value) => Value = value;

    public decimal Value { get; }

    public static Money Zero => default;

    public static bool TryFrom(double amount, out Money value)
    {
        value = default;
        if (!double.IsFinite(amount) || amount < 0 || amount > 1e12)
        {
            return false;
        }
        value = new(Math.Round((decimal)amount, 2, MidpointRounding.AwayFromZero));
        return true;
    }

    public static Money From(decimal amount) =>
        amount is >= 0 and <= 1_000_000_000_000_000m ? new(Math.Round(amount, 2, MidpointRounding.AwayFromZero)) : throw new ArgumentOutOfRangeException(nameof(amount));

    public static Money operator +(Money a, Money b) => new(a.Value + b.Value);

    public override string ToString() => Value.ToString("#,##0.00", CultureInfo.InvariantCulture);
}
