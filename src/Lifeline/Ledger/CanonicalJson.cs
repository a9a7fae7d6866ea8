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

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\f': text.Append("\\f"); break;
                case '\r': text.Append("\\r"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
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
