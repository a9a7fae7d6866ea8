using System.Security.Cryptography;
using System.Text;
using Lifeline.Core.Common;
using Lifeline.Core.Events;

namespace Lifeline.Core.Sources;

/// <summary>A source as a person gives it, before it is checked.</summary>
public sealed record SourceDraft
{
    [TextRule(InputLimits.Id)]
    public string? Id { get; init; }
    [TextRule(InputLimits.Name)]
    public string? Publisher { get; init; }
    [TextRule(InputLimits.Url)]
    public string? Url { get; init; }
    [TextRule(InputLimits.Phrase)]
    public string? Title { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Published { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Retrieved { get; init; }
    [TextRule(InputLimits.Code)]
    public string? Reliability { get; init; }
    public int? Credibility { get; init; }
    public bool ProtectIdentity { get; init; }
}

/// <summary>Checks a <see cref="SourceDraft"/>; names each field that is wrong under a prefix such as <c>newSources[0]</c>.</summary>
public static class SourceValidator
{
    public const int MaxPublisherLength = 200;
    public const int MaxUrlLength = 2_000;
    public const int MaxTitleLength = 500;

    public static (Source? Source, ValidationErrors Errors) Validate(SourceDraft draft, DateOnly today, string prefix = "")
    {
        var declared = InputRules.Check(draft, prefix);
        if (!declared.IsEmpty)
        {
            return (null, declared);
        }
        var errors = new ValidationErrors();
        string F(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

        var publisher = draft.Publisher?.Trim();
        if (string.IsNullOrEmpty(publisher))
        {
            errors.Add(F("publisher"), "is required: who published it (an outlet, an organisation)");
        }
        else if (publisher.Length > MaxPublisherLength)
        {
            errors.Add(F("publisher"), $"must be at most {MaxPublisherLength} characters");
        }

        Uri? url = null;
        var urlText = draft.Url?.Trim();
        if (string.IsNullOrEmpty(urlText))
        {
            errors.Add(F("url"), "is required: the address where it can be read");
        }
        else if (urlText.Length > MaxUrlLength)
        {
            errors.Add(F("url"), $"must be at most {MaxUrlLength} characters");
        }
        else if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add(F("url"), $"'{urlText}' is not a web address: it must start with http:// or https://");
            url = null;
        }

        var title = string.IsNullOrWhiteSpace(draft.Title) ? null : draft.Title.Trim();
        if (title is { Length: > MaxTitleLength })
        {
            errors.Add(F("title"), $"must be at most {MaxTitleLength} characters");
        }

        var published = EventValidator.ParseDate(draft.Published, F("published"), errors, today, required: false);
        var retrieved = EventValidator.ParseDate(draft.Retrieved, F("retrieved"), errors, today, required: false);

        var reliability = string.IsNullOrWhiteSpace(draft.Reliability) ? SourceReliability.F : AdmiraltyGrade.ParseReliability(draft.Reliability);
        if (reliability is null)
        {
            errors.Add(F("reliability"), $"'{draft.Reliability}' is not an Admiralty reliability grade: use A to F (F: cannot be judged)");
        }
        var credibility = draft.Credibility is null ? InformationCredibility.CannotBeJudged : AdmiraltyGrade.ParseCredibility(draft.Credibility);
        if (credibility is null)
        {
            errors.Add(F("credibility"), $"{draft.Credibility} is not an Admiralty credibility grade: use 1 to 6 (6: cannot be judged)");
        }

        var id = draft.Id?.Trim();
        if (id is not null && !Slug.IsValid(id))
        {
            errors.Add(F("id"), $"'{id}' is not a valid id: it {Slug.Rule}");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        var source = new Source(
            id ?? IdFor(url!), publisher!, url!, title, published, retrieved,
            new AdmiraltyGrade(reliability!.Value, credibility!.Value), draft.ProtectIdentity);
        return (source, errors);
    }

    /// <summary>
    /// A stable id for a source that arrives without one: the host, then a digest of the address, so that
    /// the same address always gets the same id and is stored once.
    /// </summary>
    public static string IdFor(Uri url)
    {
        var host = url.Host.StartsWith("www.", StringComparison.Ordinal) ? url.Host[4..] : url.Host;
        var hostPart = new string(host.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-').ToArray()).Trim('-');
        if (hostPart.Length > 50)
        {
            hostPart = hostPart[..50];
        }
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..10];
        return $"{hostPart}-{digest}";
    }
}
