using Lifeline.Core.Evidence;

namespace Lifeline.Core.Tests.Evidence;

public sealed class MediaSignatureTests
{
    [Theory]
    [InlineData("FFD8FFE000104A464946", "image/jpeg")]
    [InlineData("89504E470D0A1A0A0000", "image/png")]
    [InlineData("524946460000000057454250", "image/webp")]
    [InlineData("255044462D312E37", "application/pdf")]
    [InlineData("000000186674797069736F6D", "video/mp4")]
    [InlineData("00000014667479707174202000", "video/quicktime")]
    [InlineData("000000186674797068656963", "image/heic")]
    [InlineData("1A45DFA3", "video/webm")]
    [InlineData("49492A00", "image/tiff")]
    public void Sniff_KnowsTheAllowedKinds(string hex, string expected) =>
        Assert.Equal(expected, MediaSignature.Sniff(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("3C68746D6C3E")] // <html>
    [InlineData("3C3F786D6C")] // <?xml (SVG)
    [InlineData("4D5A9000")] // a Windows executable
    [InlineData("7F454C46")] // an ELF executable
    [InlineData("504B0304")] // a zip
    [InlineData("")]
    public void Sniff_RefusesEverythingElse(string hex) => Assert.Null(MediaSignature.Sniff(Convert.FromHexString(hex)));

    [Theory]
    [InlineData(null, "image/jpeg", true)]
    [InlineData("application/octet-stream", "image/jpeg", true)]
    [InlineData("image/jpg", "image/jpeg", true)]
    [InlineData("image/heif", "image/heic", true)]
    [InlineData("image/png", "image/jpeg", false)]
    [InlineData("text/html; charset=utf-8", "application/pdf", false)]
    public void Agrees_ComparesTheKind(string? declared, string sniffed, bool agrees) =>
        Assert.Equal(agrees, MediaSignature.Agrees(declared, sniffed));
}
