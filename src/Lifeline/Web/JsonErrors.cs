using System.Text.Json;

namespace Lifeline.Web;

/// <summary>Turns a JSON reading failure into the field it concerns and a sentence a person can act on.</summary>
internal static class JsonErrors
{
    /// <param name="prefix">Where the value being read sits, e.g. <c>events[12]</c>; empty for a request body.</param>
    public static string FieldOf(string prefix, string? jsonPath)
    {
        var relative = string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "" : jsonPath.TrimStart('$').TrimStart('.');
        if (prefix.Length == 0)
        {
            return relative.Length == 0 ? "body" : relative;
        }
        return relative.Length == 0 ? prefix : relative.StartsWith('[') ? prefix + relative : $"{prefix}.{relative}";
    }

    public static string Explain(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var start = message.IndexOf('\'', StringComparison.Ordinal);
            var end = start >= 0 ? message.IndexOf('\'', start + 1) : -1;
            var name = start >= 0 && end > start ? message[(start + 1)..end] : "?";
            return $"'{name}' is not a known field";
        }
        if (ex.Path is null && ex.LineNumber is not null)
        {
            return $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})";
        }
        if (message.Contains("Int32", StringComparison.Ordinal) || message.Contains("Int64", StringComparison.Ordinal) || message.Contains("Double", StringComparison.Ordinal))
        {
            return "must be a whole number, without quotes";
        }
        if (message.Contains("Boolean", StringComparison.Ordinal))
        {
            return "must be true or false";
        }
        if (message.Contains("String", StringComparison.Ordinal))
        {
            return "must be text in quotes";
        }
        if (message.Contains("List", StringComparison.Ordinal) || message.Contains("Dictionary", StringComparison.Ordinal) || message.Contains("IReadOnly", StringComparison.Ordinal))
        {
            return "has the wrong shape: a list [ ... ] or an object { ... } was expected";
        }
        return ex.LineNumber is { } line
            ? $"is not valid JSON here (line {line + 1}, position {ex.BytePositionInLine + 1}): the text may be cut short or a quote or comma missing"
            : "is not valid JSON here";
    }
}
