using System.Text.Json;
using System.Text.Json.Serialization;
using Lifeline.Core.Common;
using Lifeline.Core.Families;

namespace Lifeline.Families;

/// <summary>
/// What is sealed inside a family record: its content as JSON. Only <see cref="FamilyVault"/> reads or writes it,
/// and only for a caseworker or an admin.
/// </summary>
internal static class FamilyContent
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static byte[] Serialize<T>(T content) => JsonSerializer.SerializeToUtf8Bytes(content, Json);

    public static T Deserialize<T>(byte[] json) => JsonSerializer.Deserialize<T>(json, Json)
        ?? throw new InvalidDataException("A family record's content is empty.");
}

/// <summary>A person record and, once they are registered as safe, where they are and their consent.</summary>
internal sealed record PersonContent(PersonRecord Person, SafeRegistration? Registration)
{
    public string Status => Registration is null ? FamilyStatuses.Recorded : FamilyStatuses.RegisteredSafe;
}

/// <summary>A caseworker's confirmation that a sought person is a registered person.</summary>
internal sealed record ConfirmedMatch(string SoughtId, string CandidateId, string By, DateTime At, string Reason);

/// <summary>A tracing request, its case status and the matches a caseworker confirmed.</summary>
internal sealed record RequestContent(TracingRequest Request, IReadOnlyList<ConfirmedMatch> Confirmed);

/// <summary>
/// A disclosure: who told whom what, when, under which consent (or a child's best-interest decision). Sealed with the
/// found person's key, so that their erasure takes it too.
/// </summary>
internal sealed record DisclosureContent(string RequestId, string FoundPersonId, string EnquirerId, string Told, ConsentScope Scope, string? BestInterestDecision, string DecisionReason);

/// <summary>The words the <c>status</c> column uses, which the public counts group by.</summary>
internal static class FamilyStatuses
{
    public const string Recorded = "recorded";
    public const string RegisteredSafe = "registered-safe";
    public const string Erased = "erased";
    public const string Disclosed = "disclosed";

    /// <summary>A photo attached to a person record.</summary>
    public const string Attached = "attached";

    public static string Of(CaseStatus status) => KebabCase.Of(status);
}
