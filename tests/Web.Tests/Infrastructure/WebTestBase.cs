using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>
/// Base of the browser tests: opens sessions, and on failure saves each session's screenshot and
/// console log under tests/Web.Tests/TestResults/web and prints where they are (plus the broker's
/// last log lines) to the test output.
/// </summary>
public abstract class WebTestBase : IAsyncLifetime
{
    private readonly List<BrowserSession> _sessions = [];

    protected WebTestBase(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output)
    {
        Broker = broker;
        Browser = browser;
        Output = output;
    }

    protected BrokerFixture Broker { get; }

    protected BrowserFixture Browser { get; }

    protected ITestOutputHelper Output { get; }

    /// <summary>A person at a screen: a fresh browser context and page.</summary>
    protected async Task<BrowserSession> OpenAsync(string name, ViewportSize? viewport = null)
    {
        var session = await BrowserSession.OpenAsync(Browser.Browser, Broker.BaseUrl, name, viewport);
        _sessions.Add(session);
        return session;
    }

    /// <summary>A person at a screen of another broker (e.g. one a test started with settings of its own).</summary>
    protected async Task<BrowserSession> OpenAsync(string name, Uri baseUrl, ViewportSize? viewport = null)
    {
        var session = await BrowserSession.OpenAsync(Browser.Browser, baseUrl, name, viewport);
        _sessions.Add(session);
        return session;
    }

    /// <summary>
    /// Runs a test body; on failure saves artifacts of every open session and rethrows. On success it
    /// also checks that no page logged a console error, threw, or hit the Content-Security-Policy.
    /// </summary>
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
                    var files = await session.SaveArtifactsAsync(testName);
                    Output.WriteLine($"[{session.Name}] artifacts: {string.Join(", ", files)}");
                    Output.WriteLine($"[{session.Name}] page log:\n{session.LogText()}");
                }
                catch (Exception e) when (e is PlaywrightException or IOException)
                {
                    Output.WriteLine($"[{session.Name}] artifacts could not be saved: {e.Message}");
                }
            }

            Output.WriteLine(Broker.IsExternal
                ? $"[broker] external broker at {Broker.BaseUrl}: see its own log"
                : $"[broker] {Broker.LogFile}, last lines:\n{Broker.LogTail()}");
            throw;
        }
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
