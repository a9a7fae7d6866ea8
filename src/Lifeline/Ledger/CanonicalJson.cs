using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lifeline.Ledger;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785, "JCS"): one byte string for one JSON value, so that a hash of a
/// record can be recomputed by anyone from the record, in any language with a JCS library.
/// </summary>
/// <remarks>
/// Object members are sorted by their names compared as UTF-16 code units; no white space; strings escape only
/// <c>"</c>, <c>\</c> and control characters (with <c>\b \t \n \f \r</c> or <c>\u00xx</c> in lower case); numbers
/// are written as ECMAScript writes an IEEE 754 double; the output is UTF-8. Lone surrogates, NaN and infinities
/// have no canonical form and are refused.
/// </remarks>
internal static class CanonicalJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of <paramref name="node"/>.</summary>
    /// <exception cref="ArgumentException">A string holds a lone surrogate, or a number is NaN or infinite.</exception>
    public static byte[] Serialize(JsonNode? node)
    {
        var text = new StringBuilder(256);
        Write(text, node);
        try
        {
            return StrictUtf8.GetBytes(text.ToString());
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("A string holds a lone surrogate, which has no canonical JSON form.", nameof(node), ex);
        }
    }

    /// <summary>
    /// Reads JSON and gives its canonical bytes; false when it is not JSON, has a member name twice, or has a
    /// value without a canonical form.
    /// </summary>
    public static bool TryCanonicalize(ReadOnlySpan<byte> json, out byte[] canonical)
    {
        try
        {
            canonical = Serialize(JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }));
            return true;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            canonical = [];
            return false;
        }
    }

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }
                    first = false;
                    WriteString(text, name);
                    text.Append(':');
                    Write(text, value);
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }
                    Write(text, array[i]);
                }
                text.Append(']');
                break;
            case JsonValue value:
                WriteValue(text, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(text, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            case JsonValueKind.Number:
                text.Append(FormatNumber(ToDouble(value)));
                break;
            default:
                throw new ArgumentException($"A JSON value of kind {value.GetValueKind()} has no canonical form.", nameof(value));
        }
    }

    private static double ToDouble(JsonValue value)
    {
        if (value.TryGetValue(out long l))
        {
            return l;
        }
        if (value.TryGetValue(out int i))
        {
            return i;
        }
        if (value.TryGetValue(out double d))
        {
            return d;
        }
        if (value.TryGetValue(out decimal m))
        {
            return (double)m;
        }
        return value.GetValue<JsonElement>().GetDouble();
    }

    /// <summary>Appends <paramref name="value"/> as a canonical JSON string.</summary>
    internal static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        // Runs of characters that need no escape (nearly all of them) are copied at once.
        var run = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= ' ' && c != '"' && c != '\\')
            {
                continue;
            }
            text.Append(value, run, i - run);
            run = i + 1;
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\f': text.Append("\\f"); break;
                case '\r': text.Append("\\r"); break;
                default: text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }
        text.Append(value, run, value.Length - run);
        text.Append('"');
    }

    /// <summary>A double as ECMAScript's Number.prototype.toString writes it (RFC 8785 §3.2.2.3).</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException("NaN and infinities have no JSON form.", nameof(value));
        }
        if (value == 0)
        {
            return "0";
        }
        // .NET writes the shortest digits that read back to the same double, as ECMAScript does; only the layout differs.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }
        var exponent = 0;
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? string.Concat(r.AsSpan(0, dot), r.AsSpan(dot + 1)) : r;
        var integerDigits = dot >= 0 ? dot : r.Length;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }
        digits = digits[leading..].TrimEnd('0');
        integerDigits -= leading;
        if (digits.Length == 0)
        {
            return "0";
        }
        var k = digits.Length;
        var n = integerDigits + exponent; // value = 0.digits × 10^n
        string text;
        if (k <= n && n <= 21)
        {
            text = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text = $"{digits[..n]}.{digits[n..]}";
        }
        else if (-6 < n && n <= 0)
        {
            text = $"0.{new string('0', -n)}{digits}";
        }
        else
        {
            var power = n - 1;
            var mantissa = k == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            text = $"{mantissa}e{(power >= 0 ? "+" : "-")}{Math.Abs(power).ToString(CultureInfo.InvariantCulture)}";
        }
        return negative ? "-" + text : text;
    }
}

/// <summary>
/// Writes one JSON object canonically member by member, the members given in canonical order (names compared as
/// UTF-16 code units): the same bytes as <see cref="CanonicalJson.Serialize"/> of that object, without building it,
/// for records written by the million (an import). A member out of order is refused, so a mistake cannot change a
/// record's canonical form silently.
/// </summary>
internal sealed class CanonicalWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly StringBuilder text = new(1024);

    /// <summary>The last member name written in each open object, innermost last; null before its first member.</summary>
    private readonly List<string?> last = [];

    public CanonicalWriter()
    {
        text.Append('{');
        last.Add(null);
    }

    public CanonicalWriter String(string name, string? value)
    {
        Name(name);
        if (value is null)
        {
            text.Append("null");
        }
        else
        {
            CanonicalJson.WriteString(text, value);
        }
        return this;
    }

    /// <summary>A number (integers included: JSON has one kind), or null.</summary>
    public CanonicalWriter Number(string name, double? value)
    {
        Name(name);
        text.Append(value is { } v ? CanonicalJson.FormatNumber(v) : "null");
        return this;
    }

    public CanonicalWriter True(string name)
    {
        Name(name);
        text.Append("true");
        return this;
    }

    public CanonicalWriter Strings(string name, IEnumerable<string?> values)
    {
        Name(name);
        text.Append('[');
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                text.Append(',');
            }
            first = false;
            if (value is null)
            {
                text.Append("null");
            }
            else
            {
                CanonicalJson.WriteString(text, value);
            }
        }
        text.Append(']');
        return this;
    }

    /// <summary>Opens an object as the value of <paramref name="name"/>; <see cref="End"/> closes it.</summary>
    public CanonicalWriter Object(string name)
    {
        Name(name);
        text.Append('{');
        last.Add(null);
        return this;
    }

    /// <summary>Closes the innermost open object.</summary>
    public CanonicalWriter End()
    {
        if (last.Count <= 1)
        {
            throw new InvalidOperationException("There is no inner object to close.");
        }
        last.RemoveAt(last.Count - 1);
        text.Append('}');
        return this;
    }

    /// <summary>The canonical UTF-8 bytes of the object.</summary>
    /// <exception cref="ArgumentException">A string holds a lone surrogate.</exception>
    public byte[] ToBytes()
    {
        if (last.Count != 1)
        {
            throw new InvalidOperationException("An inner object is still open.");
        }
        try
        {
            return StrictUtf8.GetBytes(text.Append('}').ToString());
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("A string holds a lone surrogate, which has no canonical JSON form.", ex);
        }
        finally
        {
            text.Length--;
        }
    }

    private void Name(string name)
    {
        var level = last.Count - 1;
        if (last[level] is { } previous)
        {
            if (string.CompareOrdinal(previous, name) >= 0)
            {
                throw new ArgumentException($"'{name}' comes before '{previous}' in canonical order.", nameof(name));
            }
            text.Append(',');
        }
        last[level] = name;
        CanonicalJson.WriteString(text, name);
        text.Append(':');
    }
}
