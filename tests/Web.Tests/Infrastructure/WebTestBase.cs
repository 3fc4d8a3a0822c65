using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>
/// Base of the browser tests against the shared broker (<see cref="BrokerFixture"/>): sessions open on it by
/// default, and a failure also prints the broker's last log lines (see <see cref="BrowserTestBase"/>).
/// </summary>
public abstract class WebTestBase(BrokerFixture broker, BrowserFixture browser, ITestOutputHelper output) : BrowserTestBase(browser, output)
{
    protected BrokerFixture Broker => broker;

    /// <summary>A person at a screen of the shared broker: a fresh browser context and page.</summary>
    protected Task<BrowserSession> OpenAsync(string name, ViewportSize? viewport = null) => OpenAsync(name, broker.BaseUrl, viewport);

    /// <inheritdoc />
    protected override void OnFailure() =>
        Output.WriteLine(broker.IsExternal
            ? $"[broker] external broker at {broker.BaseUrl}: see its own log"
            : $"[broker] {broker.LogFile}, last lines:\n{broker.LogTail()}");
}
