using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>
/// What every browser test shares: it opens sessions (a fresh context and page each), and on failure saves each
/// session's screenshot and console log under tests/Web.Tests/TestResults/web and prints where they are; on
/// success no page may have logged an error, thrown, or hit the Content-Security-Policy (a test that expects one
/// says so with <see cref="BrowserSession.IgnoreProblem"/>).
/// </summary>
public abstract class BrowserTestBase(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<BrowserSession> _sessions = [];

    protected BrowserFixture Browser => browser;

    protected ITestOutputHelper Output => output;

    /// <summary>The prefix of the artifact files of a failed test (e.g. <c>widget-</c>).</summary>
    protected virtual string ArtifactPrefix => "";

    /// <summary>A person at a screen of the broker at <paramref name="baseUrl"/> (relative URLs go there).</summary>
    protected async Task<BrowserSession> OpenAsync(string name, Uri baseUrl, ViewportSize? viewport = null)
    {
        var session = await BrowserSession.OpenAsync(browser.Browser, baseUrl, name, viewport);
        _sessions.Add(session);
        return session;
    }

    /// <summary>Runs a test body; on failure saves artifacts of every open session, calls <see cref="OnFailure"/> and rethrows.</summary>
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
                    var files = await session.SaveArtifactsAsync(ArtifactPrefix + testName);
                    output.WriteLine($"[{session.Name}] artifacts: {string.Join(", ", files)}");
                    output.WriteLine($"[{session.Name}] page log:\n{session.LogText()}");
                }
                catch (Exception e) when (e is PlaywrightException or IOException)
                {
                    output.WriteLine($"[{session.Name}] artifacts could not be saved: {e.Message}");
                }
            }

            OnFailure();
            throw;
        }
    }

    /// <summary>More to print after a failure (e.g. the broker's last log lines).</summary>
    protected virtual void OnFailure()
    {
    }

    /// <summary>A name no other test uses, so queue entries can be told apart.</summary>
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
