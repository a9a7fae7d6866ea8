using System.Globalization;
using System.Text;

namespace Lifeline.Core.Families;

/// <summary>The writing system a name was given in. Lifeline compares names across these three.</summary>
public enum Script
{
    Latin,
    Armenian,
    Cyrillic,
}

/// <summary>Which part of a person's name a spelling is.</summary>
public enum NameRole
{
    /// <summary>Surname, as given (Հովհաննիսյան, Оганесян, Hovhannisyan).</summary>
    Family,

    /// <summary>First name, as given.</summary>
    Given,

    /// <summary>Father's name: Russian -ович/-овна, or the Armenian genitive (Հովհաննեսի).</summary>
    Patronymic,
}

/// <summary>One part of a person's name exactly as it was given, with the script it is written in.</summary>
public sealed record PersonName(NameRole Role, string Text, Script Script)
{
    /// <summary>
    /// A name part from its text, its script found from its letters; null when its letters mix scripts (a Latin "o"
    /// inside a Cyrillic word is how a mistyped or forged entry looks, and it would defeat matching) or hold none.
    /// </summary>
    public static PersonName? From(NameRole role, string text)
    {
        var trimmed = text.Trim();
        return ScriptOf(trimmed) is { } script ? new PersonName(role, trimmed.Normalize(NormalizationForm.FormC), script) : null;
    }

    /// <summary>The one script of the letters of <paramref name="text"/>; null if there are none or several.</summary>
    public static Script? ScriptOf(string text)
    {
        Script? found = null;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
            {
                if (rune.Value is ' ' or '-' or '\'' or '’' or 'ʻ' or '.' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }
                return null;
            }
            var script = rune.Value switch
            {
                >= 0x0531 and <= 0x058F or >= 0xFB13 and <= 0xFB17 => Script.Armenian,
                >= 0x0400 and <= 0x04FF => Script.Cyrillic,
                < 0x0250 or >= 0x1E00 and <= 0x1EFF => Script.Latin,
                _ => (Script?)null,
            };
            if (script is null || (found is not null && found != script))
            {
                return null;
            }
            found = script;
        }
        return found;
    }
}
