using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lifeline.Web;

/// <summary>One operation of the API as the reference page shows it.</summary>
internal sealed record ApiOperation(string Method, string Path, string? Summary, string? Description, IReadOnlyList<ApiField> Parameters,
    string? BodyMediaType, IReadOnlyList<ApiField> Body, IReadOnlyList<ApiAnswer> Answers)
{
    public string Anchor => $"{Method}-{Path}".ToLowerInvariant().Replace('/', '-').Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);

    /// <summary>A GET with no path parameter can be opened from the page with a plain link.</summary>
    public bool CanTry => Method == "GET" && !Path.Contains('{', StringComparison.Ordinal);
}

/// <summary>A parameter or a field of a body: where it goes, its type, whether it must be given.</summary>
internal sealed record ApiField(string Name, string In, string Type, bool Required, string? Description);

/// <summary>A status the operation may answer with, and what comes with it.</summary>
internal sealed record ApiAnswer(string Status, string? Description, string? Type);

/// <summary>
/// The API reference at <c>/api</c>: read from the same OpenAPI document as <c>/openapi/v1.json</c> and drawn on the
/// server like every other page, so it loads nothing from elsewhere and runs no script. The page itself lists every
/// operation in a line; each part of the API (<c>/api?part=events</c>) has a page with its operations in full, so no
/// page grows past a phone's budget as the API grows. A GET that needs no path parameter is a link to try.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class ApiReferenceModel(IServiceProvider services) : PageModel
{
    public const string DocumentName = "v1";

    public string Title { get; private set; } = "Lifeline API";
    public IReadOnlyList<(string Tag, IReadOnlyList<ApiOperation> Operations)> Groups { get; private set; } = [];

    /// <summary>The part shown in full, or null for the list of every operation.</summary>
    public string? Part { get; private set; }

    /// <summary>The part asked for when no part has that name.</summary>
    public string? UnknownPart { get; private set; }

    /// <summary>A part's name in an address: its tag in lower case, spaces as hyphens.</summary>
    public static string Slug(string tag) => tag.ToLowerInvariant().Replace(' ', '-');

    /// <summary>Where an operation is described in full.</summary>
    public static string Link(string tag, ApiOperation operation) => $"/api?part={Uri.EscapeDataString(Slug(tag))}#{operation.Anchor}";

    public async Task OnGetAsync(string? part, CancellationToken cancel)
    {
        (Title, Groups) = await services.GetRequiredService<ApiCatalog>().Read(cancel);
        ViewData["Title"] = "API reference";
        ViewData["Description"] = "Lifeline's HTTP API: every operation, its parameters, its body and its answers.";
        if (!string.IsNullOrWhiteSpace(part))
        {
            var chosen = Groups.FirstOrDefault(g => string.Equals(Slug(g.Tag), part.Trim(), StringComparison.OrdinalIgnoreCase));
            if (chosen.Tag is null)
            {
                UnknownPart = Core.Common.RecordDates.Shorten(part);
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
            else
            {
                Part = chosen.Tag;
                ViewData["Title"] = $"API reference: {chosen.Tag}";
            }
        }
    }

    internal static int MethodOrder(string method) => Array.IndexOf(["GET", "POST", "PUT", "PATCH", "DELETE"], method) is var i and >= 0 ? i : 9;

    internal static ApiOperation Describe(string method, string path, OpenApiOperation operation)
    {
        var parameters = (operation.Parameters ?? []).Select(p => new ApiField(p.Name ?? "", p.In?.ToString().ToLowerInvariant() ?? "", TypeOf(p.Schema), p.Required, p.Description)).ToList();
        string? mediaType = null;
        var body = new List<ApiField>();
        if (operation.RequestBody?.Content is { Count: > 0 } content)
        {
            var chosen = content.Any(c => c.Key.Contains("json", StringComparison.Ordinal))
                ? content.First(c => c.Key.Contains("json", StringComparison.Ordinal))
                : content.First();
            mediaType = chosen.Key;
            var schema = chosen.Value?.Schema;
            var required = schema?.Required ?? new HashSet<string>();
            body.AddRange((schema?.Properties ?? new Dictionary<string, IOpenApiSchema>())
                .Select(p => new ApiField(p.Key, "body", TypeOf(p.Value), required.Contains(p.Key), p.Value.Description)));
            if (body.Count == 0 && schema is not null)
            {
                body.Add(new ApiField("(the whole body)", "body", TypeOf(schema), operation.RequestBody.Required, null));
            }
        }
        var answers = (operation.Responses ?? []).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ApiAnswer(r.Key, r.Value.Description,
                r.Value.Content is { Count: > 0 } c ? $"{string.Join(", ", c.Keys)}{(c.Values.FirstOrDefault()?.Schema is { } s ? ": " + TypeOf(s) : "")}" : null))
            .ToList();
        return new ApiOperation(method.ToUpperInvariant(), path, operation.Summary, operation.Description, parameters, mediaType, body, answers);
    }

    /// <summary>A schema in a few words: its name when it has one, else its type; lists and "or null" spelled out.</summary>
    internal static string TypeOf(IOpenApiSchema? schema, int depth = 0)
    {
        if (schema is null || depth > 4)
        {
            return "";
        }
        if (schema is OpenApiSchemaReference reference && reference.Reference?.Id is { Length: > 0 } id)
        {
            return id;
        }
        var type = schema.Type;
        var nullable = type is { } t && t.HasFlag(JsonSchemaType.Null);
        string words;
        if (type is { } a && a.HasFlag(JsonSchemaType.Array))
        {
            words = $"list of {TypeOf(schema.Items, depth + 1)}";
        }
        else if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 })
        {
            var choices = (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Select(s => TypeOf(s, depth + 1)).Where(s => s.Length > 0 && s != "null").Distinct(StringComparer.Ordinal);
            words = string.Join(" or ", choices);
            nullable |= (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(s => s.Type == JsonSchemaType.Null);
        }
        else if (type is { } kind)
        {
            var names = Enum.GetValues<JsonSchemaType>().Where(v => v != JsonSchemaType.Null && kind.HasFlag(v)).Select(v => v.ToString().ToLowerInvariant());
            words = string.Join(" or ", names);
        }
        else
        {
            words = "any";
        }
        if (schema.Format is { Length: > 0 } format && !words.Contains(' ', StringComparison.Ordinal))
        {
            words += $" ({format})";
        }
        if (schema.Enum is { Count: > 0 } values)
        {
            words += ": " + string.Join(", ", values.Select(v => v?.ToString()).Where(v => v is not null));
        }
        return nullable ? $"{words} or null" : words;
    }
}

/// <summary>
/// The operations of the API grouped as the reference pages show them, read from the OpenAPI document once per
/// process: the document describes the code, which does not change while the process runs, and building it takes far
/// longer than drawing a page.
/// </summary>
internal sealed class ApiCatalog(IServiceProvider services)
{
    private readonly Lock gate = new();
    private Task<(string Title, IReadOnlyList<(string Tag, IReadOnlyList<ApiOperation> Operations)> Groups)>? built;

    /// <summary>The title and the groups; the first caller builds them, the others wait for that one build.</summary>
    public Task<(string Title, IReadOnlyList<(string Tag, IReadOnlyList<ApiOperation> Operations)> Groups)> Read(CancellationToken cancel)
    {
        lock (gate)
        {
            // A build that failed is tried again by the next reader rather than kept.
            if (built is null || built.IsFaulted || built.IsCanceled)
            {
                built = Build();
            }
            return built.WaitAsync(cancel);
        }
    }

    private async Task<(string, IReadOnlyList<(string, IReadOnlyList<ApiOperation>)>)> Build()
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiReferenceModel.DocumentName).GetOpenApiDocumentAsync(CancellationToken.None);
        var title = document.Info?.Version is { Length: > 0 } version ? $"Lifeline API ({version})" : "Lifeline API";
        var operations = new List<(string Tag, ApiOperation Operation)>();
        foreach (var (path, item) in document.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var tag = operation.Tags?.FirstOrDefault()?.Name ?? "Other";
                operations.Add((tag, ApiReferenceModel.Describe(method.Method, path, operation)));
            }
        }
        IReadOnlyList<(string, IReadOnlyList<ApiOperation>)> groups = operations.GroupBy(o => o.Tag, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<ApiOperation>)g.Select(o => o.Operation).OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => ApiReferenceModel.MethodOrder(o.Method)).ToList()))
            .ToList();
        return (title, groups);
    }
}
