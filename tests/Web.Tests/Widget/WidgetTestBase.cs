using CustomerChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CustomerChat.Web.Tests.Widget;

/// <summary>
/// Base of the widget's browser tests: sessions against any origin (the widget's brokers, the host sites), with
/// a wider default viewport and artifacts named <c>widget-…</c> (see <see cref="BrowserTestBase"/>).
/// </summary>
public abstract class WidgetTestBase(WidgetFixture widget, BrowserFixture browser, ITestOutputHelper output) : BrowserTestBase(browser, output)
{
    protected WidgetFixture Widget => widget;

    /// <inheritdoc />
    protected override string ArtifactPrefix => "widget-";

    /// <summary>A person at a screen: a fresh context; relative URLs go to <paramref name="baseUrl"/>.</summary>
    protected new Task<BrowserSession> OpenAsync(string name, Uri baseUrl, ViewportSize? viewport = null) =>
        base.OpenAsync(name, baseUrl, viewport ?? new ViewportSize { Width = 1100, Height = 800 });

    /// <summary>Saves a screenshot for docs/WIDGET.md when <c>CUSTOMERCHAT_SCREENSHOTS</c> is 1 (docs/images) or names a folder.</summary>
    protected static async Task DocScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CUSTOMERCHAT_SCREENSHOTS") is not { Length: > 0 } setting || setting == "0")
        {
            return;
        }

        var folder = setting is "1" or "true" ? Path.Combine(RepoPaths.Root, "docs", "images") : setting;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"widget-{name}.png") });
    }
}
