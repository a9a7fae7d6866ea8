namespace Lifeline.Core.Common;

/// <summary>
/// The identifier rule shared by every record that a person may type or read in an address:
/// lower-case ASCII letters, digits and hyphens, 1 to 80 characters, starting with a letter or digit.
/// </summary>
public static class Slug
{
    public const int MaxLength = 80;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '-')
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    public const string Rule = "must be 1-80 characters of a-z, 0-9 and '-', not starting with '-'";
}
