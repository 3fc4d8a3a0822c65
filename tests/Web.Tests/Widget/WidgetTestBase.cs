using System.Runtime.CompilerServices;
using CustomerChat.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CustomerChat.Web.Tests.Widget;

/// <summary>
/// Base of the widget's browser tests: sessions against any origin, and on failure a screenshot and console
/// log of each under tests/Web.Tests/TestResults/web; on success no page may have logged an error or a CSP
/// violation (a test that expects one says so with <see cref="BrowserSession.IgnoreProblem"/>).
/// </summary>
public abstract class WidgetTestBase(WidgetFixture widget, BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<BrowserSession> _sessions = [];

    protected WidgetFixture Widget => widget;

    protected ITestOutputHelper Output => output;

    /// <summary>A person at a screen: a fresh context; relative URLs go to <paramref name="baseUrl"/>.</summary>
    protected async Task<BrowserSession> OpenAsync(string name, Uri baseUrl, ViewportSize? viewport = null)
    {
        var session = await BrowserSession.OpenAsync(browser.Browser, baseUrl, name, viewport ?? new ViewportSize { Width = 1100, Height = 800 });
        _sessions.Add(session);
        return session;
    }

    /// <summary>Runs a test body; on failure saves every session's artifacts and rethrows.</summary>
    protected async Task RunAsync(Func<Task> body, [CallerMemberName] string testName = "")
    {
        try
        {
            await body();
            foreach (var session in _sessions)
            {
                Assert.True(session.Problems.Count == 0, $"{session.Name}: console errors or CSP violations:\n{string.Join('\n', session.Problems)}");
            }
        }
        catch (Exception)
        {
            foreach (var session in _sessions)
            {
                try
                {
                    var files = await session.SaveArtifactsAsync("widget-" + testName);
                    output.WriteLine($"[{session.Name}] artifacts: {string.Join(", ", files)}");
                    output.WriteLine($"[{session.Name}] page log:\n{session.LogText()}");
                }
                catch (Exception e) when (e is PlaywrightException or IOException)
                {
                    output.WriteLine($"[{session.Name}] artifacts could not be saved: {e.Message}");
                }
            }

            throw;
        }
    }

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

    /// <summary>A name no other test uses.</summary>
    protected static string UniqueName(string first) => $"{first} {Guid.NewGuid().ToString("N")[..6]}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        _sessions.Clear();
    }
}
