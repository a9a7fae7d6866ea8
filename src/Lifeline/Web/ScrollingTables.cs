using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Lifeline.Web;

/// <summary>
/// On a phone a data table scrolls sideways inside its own box (app.css), so a person using the keyboard must be
/// able to reach that box: every table a page writes, other than the calendar's month grids (which sit in a
/// scrolling box of their own and hold links), can take the focus and is announced by its caption or heading.
/// </summary>
[HtmlTargetElement("table")]
public sealed class ScrollingTables : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var classes = output.Attributes.TryGetAttribute("class", out var c) ? c.Value?.ToString() ?? "" : "";
        if (classes.Split(' ').Contains("month") || output.Attributes.ContainsName("tabindex"))
        {
            return;
        }
        output.Attributes.SetAttribute("tabindex", "0");
    }
}
