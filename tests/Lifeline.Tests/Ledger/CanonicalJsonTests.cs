using System.Text;
using System.Text.Json.Nodes;
using Lifeline.Ledger;

namespace Lifeline.Tests.Ledger;

/// <summary>RFC 8785 canonical JSON, which every leaf and every content hash depends on.</summary>
public sealed class CanonicalJsonTests
{
    private static string Canonical(string json)
    {
        Assert.True(CanonicalJson.TryCanonicalize(Encoding.UTF8.GetBytes(json), out var bytes));
        return Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public void Rfc8785Example_GivesTheRfcOutput()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        Assert.Equal("""{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""", Canonical(input));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(39.8177, "39.8177")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void FormatNumber_WritesAsEcmaScriptDoes(double value, string expected) =>
        Assert.Equal(expected, CanonicalJson.FormatNumber(value));

    [Fact]
    public void FormatNumber_NegativeZero_IsZero() => Assert.Equal("0", CanonicalJson.FormatNumber(-0.0));

    [Fact]
    public void Members_AreSortedByUtf16CodeUnits()
    {
        var json = CanonicalJson.Serialize(new JsonObject { ["b"] = 1, ["a"] = 2, ["\u00e9"] = 3, ["Z"] = 4, ["\U0001F600"] = 5, ["\uFB01"] = 6 });
        Assert.Equal("{\"Z\":4,\"a\":2,\"b\":1,\"é\":3,\"\U0001F600\":5,\"\uFB01\":6}", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void DuplicateMembers_AreRefused() =>
        Assert.False(CanonicalJson.TryCanonicalize("""{"a":1,"a":2}"""u8, out _));

    [Fact]
    public void LoneSurrogate_IsRefused() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create("\ud800")));

    [Fact]
    public void Leaf_RoundTrips_AndOnlyItsCanonicalFormIsALeaf()
    {
        var entry = LedgerEntry.Commit("event", "lachin-2022/e-1", 2, new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero), "{\"a\":1}"u8.ToArray(), new byte[32]);
        var leaf = entry.ToLeaf();
        Assert.StartsWith("{\"contentHash\":\"", Encoding.UTF8.GetString(leaf), StringComparison.Ordinal);
        Assert.EndsWith("\"recordId\":\"lachin-2022/e-1\",\"recordType\":\"event\",\"recordedAt\":\"2023-01-02T03:04:05Z\",\"version\":2}", Encoding.UTF8.GetString(leaf), StringComparison.Ordinal);
        Assert.True(LedgerEntry.TryParse(leaf, out var read));
        Assert.Equal(entry, read);
        var spaced = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(leaf).Replace(",", ", ", StringComparison.Ordinal));
        Assert.False(LedgerEntry.TryParse(spaced, out _));
    }

    [Fact]
    public void ContentHash_IsSha256OfSaltThenRecord()
    {
        var salt = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var record = "{\"id\":\"x\"}"u8.ToArray();
        var entry = LedgerEntry.Commit("place", "s/x", 1, DateTimeOffset.UnixEpoch, record, salt);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. salt, .. record])), entry.ContentHash.ToHex());
    }
}
