namespace Lifeline.Core.Common;

/// <summary>
/// Enum values travel as kebab-case words (<c>BorderCrossing</c> is <c>border-crossing</c>) in files,
/// the API and addresses; this turns one into the other.
/// </summary>
public static class KebabCase
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Of(value.ToString());

    public static string Of(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('-');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    public static TEnum? Parse<TEnum>(string? text) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(value), text.Trim(), StringComparison.Ordinal))
            {
                return value;
            }
        }
        return null;
    }

    public static string Choices<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(v => Of(v)));
}
