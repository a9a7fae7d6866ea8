using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Lifeline.Core.Common;

/// <summary>Whether a text field is written on one line (a name, an id, a code) or may run over several (notes).</summary>
public enum TextLines
{
    /// <summary>No control character at all: no line break, no tab.</summary>
    One,

    /// <summary>Tabs and line breaks (LF, CR) allowed; no other control character.</summary>
    Many,
}

/// <summary>
/// The declared rule of a text field of a request or an imported record: its longest length and whether it may
/// hold line breaks. On a list of text it applies to every item, and <see cref="MaxItems"/> bounds the list.
/// Every text field of every request and import record carries one (a convention test checks it).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextRuleAttribute(int maxLength, TextLines lines = TextLines.One) : Attribute
{
    /// <summary>The most characters (UTF-16 code units) the field may hold, before any trimming.</summary>
    public int MaxLength { get; } = maxLength;

    public TextLines Lines { get; } = lines;

    /// <summary>For a list or a map: the most items it may hold.</summary>
    public int MaxItems { get; init; } = InputLimits.MaxItems;
}

/// <summary>
/// The declared range of a number of a request or an imported record, inclusive: a value outside it is refused
/// before anything else is checked. Finer, unit-dependent limits live in the validators (docs/security.md).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NumberRuleAttribute(double min, double max) : Attribute
{
    public double Min { get; } = min;
    public double Max { get; } = max;
}

/// <summary>The lengths and counts text fields are declared with, in one place so that docs/security.md can list them.</summary>
public static class InputLimits
{
    /// <summary>An identifier: <see cref="Slug.MaxLength"/>.</summary>
    public const int Id = Slug.MaxLength;

    /// <summary>A code from a fixed list (a kind, a type, a verdict, a unit) or a date or an instant written as text.</summary>
    public const int Code = 64;

    /// <summary>A name: of a person, a publisher, a place, a market, a token.</summary>
    public const int Name = 200;

    /// <summary>An e-mail address (RFC 5321's longest path).</summary>
    public const int Email = 254;

    /// <summary>A short phrase: a title, a location, what was counted.</summary>
    public const int Phrase = 500;

    /// <summary>A web address.</summary>
    public const int Url = 2_000;

    /// <summary>Why a change was made.</summary>
    public const int Reason = 1_000;

    /// <summary>A reviewer's or publisher's note.</summary>
    public const int Note = 2_000;

    /// <summary>The notes of an event or an observation, an assessment's note.</summary>
    public const int Notes = 10_000;

    /// <summary>The most items in any one list or map of a request or record.</summary>
    public const int MaxItems = 1_000;
}

/// <summary>
/// The character rule every text field follows, whatever its length: printable Unicode only. Refused: NUL and
/// the other C0 controls (tab, LF and CR only where several lines are allowed), DEL and the C1 controls, lone
/// surrogates and the Unicode noncharacters (U+FDD0–U+FDEF and U+FFFE/U+FFFF of every plane).
/// </summary>
public static class TextRules
{
    /// <summary>What is wrong with <paramref name="text"/> under this rule, in words a person can act on; null when nothing is.</summary>
    public static string? Problem(string text, int maxLength, TextLines lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            return $"is {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; at most {maxLength.ToString("N0", CultureInfo.InvariantCulture)} are allowed";
        }
        return CharacterProblem(text, lines);
    }

    /// <summary>The first character that breaks the character rule, described with its position (from 1); null when there is none.</summary>
    public static string? CharacterProblem(string text, TextLines lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var scalar = char.ConvertToUtf32(c, text[i + 1]);
                if ((scalar & 0xFFFE) == 0xFFFE)
                {
                    return Refused(scalar, i, "is a Unicode noncharacter");
                }
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return Refused(c, i, "is half of a surrogate pair without its other half (not valid Unicode text)");
            }
            if (c < 0x20)
            {
                if (lines == TextLines.Many && c is '\t' or '\n' or '\r')
                {
                    continue;
                }
                return Refused(c, i, c == 0
                    ? "is a NUL character"
                    : lines == TextLines.Many ? "is a control character: only printable text, tabs and line breaks are allowed" : "is a control character: this field is one line of printable text");
            }
            if (c is >= '\u007F' and <= '\u009F')
            {
                return Refused(c, i, "is a control character");
            }
            if (c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF')
            {
                return Refused(c, i, "is a Unicode noncharacter");
            }
        }
        return null;
    }

    private static string Refused(int scalar, int index, string why) =>
        $"character {(index + 1).ToString(CultureInfo.InvariantCulture)} (U+{scalar:X4}) {why}";
}

/// <summary>
/// Checks every declared text and number field of a request or an imported record, nested records and lists
/// included, against its <see cref="TextRuleAttribute"/> or <see cref="NumberRuleAttribute"/>, and names each
/// field that breaks its rule by its JSON path (<c>notes</c>, <c>newSources[0].publisher</c>, <c>names.hy</c>).
/// A null inside a list is refused too. Validators run this first and stop when it finds anything, so nothing
/// later (an id lookup, an error message quoting the value) ever sees text that breaks the rules.
/// </summary>
public static class InputRules
{
    /// <summary>The rule applied to a text field that declares none (the convention test keeps there being none).</summary>
    private static readonly TextRuleAttribute Undeclared = new(InputLimits.Notes, TextLines.Many);

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    private sealed record Member(PropertyInfo Property, string Name, TextRuleAttribute? Text, NumberRuleAttribute? Number);

    public static ValidationErrors Check(object? record, string prefix = "")
    {
        var errors = new ValidationErrors();
        Check(record, prefix, errors, 0);
        return errors;
    }

    /// <summary>Whether a type is a record whose fields carry rules (a request body, an import record).</summary>
    public static bool Declares(Type type) =>
        type.IsClass && type != typeof(string) && MembersOf(type).Any(m => m.Text is not null || m.Number is not null);

    /// <summary>The text properties of a type (strings, lists and maps of strings) that declare no rule: for the convention test.</summary>
    public static IEnumerable<string> UndeclaredTextFields(Type type) =>
        MembersOf(type).Where(m => m.Text is null && IsText(m.Property.PropertyType)).Select(m => $"{type.Name}.{m.Property.Name}");

    /// <summary>The record types nested in a type's properties (items of lists and values of maps included).</summary>
    public static IEnumerable<Type> NestedRecords(Type type) =>
        MembersOf(type).Select(m => ElementType(m.Property.PropertyType)).Where(IsRecord).Distinct();

    private static void Check(object? record, string prefix, ValidationErrors errors, int depth)
    {
        if (record is null || depth > 16)
        {
            return;
        }
        foreach (var member in MembersOf(record.GetType()))
        {
            var value = member.Property.GetValue(record);
            if (value is null)
            {
                continue;
            }
            var field = prefix.Length == 0 ? member.Name : $"{prefix}.{member.Name}";
            switch (value)
            {
                case string text:
                    CheckText(text, field, member.Text ?? Undeclared, errors);
                    break;
                case IDictionary map:
                    CheckMap(map, field, member.Text ?? Undeclared, errors, depth);
                    break;
                case IEnumerable list when value is not string:
                    CheckList(list, field, member.Text ?? Undeclared, errors, depth);
                    break;
                case int or long or double or float or decimal:
                    CheckNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture), field, member.Number, errors);
                    break;
                default:
                    if (IsRecord(value.GetType()))
                    {
                        Check(value, field, errors, depth + 1);
                    }
                    break;
            }
        }
    }

    private static void CheckText(string text, string field, TextRuleAttribute rule, ValidationErrors errors)
    {
        if (TextRules.Problem(text, rule.MaxLength, rule.Lines) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    private static void CheckNumber(double value, string field, NumberRuleAttribute? rule, ValidationErrors errors)
    {
        if (!double.IsFinite(value))
        {
            errors.Add(field, "must be a finite number");
        }
        else if (rule is not null && (value < rule.Min || value > rule.Max))
        {
            errors.Add(field, $"must be from {Number(rule.Min)} to {Number(rule.Max)}");
        }
    }

    private static void CheckList(IEnumerable list, string field, TextRuleAttribute rule, ValidationErrors errors, int depth)
    {
        var i = 0;
        foreach (var item in list)
        {
            if (i == rule.MaxItems)
            {
                errors.Add(field, $"has more than {rule.MaxItems:N0} items");
                return;
            }
            var path = $"{field}[{i}]";
            switch (item)
            {
                case null:
                    errors.Add(path, "is null: a list may not hold null");
                    break;
                case string text:
                    CheckText(text, path, rule, errors);
                    break;
                default:
                    if (IsRecord(item.GetType()))
                    {
                        Check(item, path, errors, depth + 1);
                    }
                    break;
            }
            i++;
        }
    }

    private static void CheckMap(IDictionary map, string field, TextRuleAttribute rule, ValidationErrors errors, int depth)
    {
        if (map.Count > rule.MaxItems)
        {
            errors.Add(field, $"has more than {rule.MaxItems:N0} items");
            return;
        }
        foreach (DictionaryEntry entry in map)
        {
            var key = entry.Key as string ?? "";
            if (TextRules.Problem(key, InputLimits.Code, TextLines.One) is { } keyProblem)
            {
                errors.Add(field, $"the key '{Quote(key)}' {keyProblem}");
                continue;
            }
            var path = $"{field}.{key}";
            switch (entry.Value)
            {
                case null:
                    errors.Add(path, "is null");
                    break;
                case string text:
                    CheckText(text, path, rule, errors);
                    break;
                default:
                    if (IsRecord(entry.Value.GetType()))
                    {
                        Check(entry.Value, path, errors, depth + 1);
                    }
                    break;
            }
        }
    }

    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.DeclaringType != typeof(object)
            && !p.PropertyType.IsAssignableTo(typeof(Delegate)) && p.Name != "EqualityContract")
        .Select(p => new Member(p, JsonName(p), p.GetCustomAttribute<TextRuleAttribute>(), p.GetCustomAttribute<NumberRuleAttribute>()))
        .ToArray());

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy(property.Name);

    private static string JsonNamingPolicy(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static bool IsText(Type type) => ElementType(type) == typeof(string);

    private static Type ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return type;
        }
        if (type.IsGenericType && type.GetGenericArguments() is { Length: 2 } pair && type.IsAssignableTo(typeof(IEnumerable)))
        {
            return pair[1];
        }
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? Nullable.GetUnderlyingType(type) ?? type;
    }

    private static bool IsRecord(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsAssignableTo(typeof(IEnumerable))
        && type.Namespace?.StartsWith("Lifeline", StringComparison.Ordinal) == true;

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 1e15 ? "G6" : "#,0.######", CultureInfo.InvariantCulture);

    private static string Quote(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
