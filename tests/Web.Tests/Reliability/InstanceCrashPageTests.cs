using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerChat.Web.Tests.Infrastructure;
using CustomerChat.Web.Tests.Pages;
using Microsoft.Playwright;
using StackExchange.Redis;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CustomerChat.Web.Tests.Reliability;

/// <summary>
/// Issue 17 with the real pages: an instance killed outright mid-chat. What is real: two broker processes
/// (<c>dotnet CustomerChat.Broker.dll</c>) on one real <c>redis-server</c>, sharing a signing key, behind a small TCP
/// load balancer (<see cref="TcpBalancer"/>); real headless Chromium; the pages as served (<c>/agent.html</c>,
/// <c>/</c>) with their own STOMP module (<c>web/static/js/stomp-client.js</c>), loaded from the balancer so their
/// WebSocket goes through it too. The instance both pages are connected to gets SIGKILL the moment Redis publishes the
/// customer's latest message (stored; its RECEIPT usually not yet written, so usually lost with the instance); the
/// pages must come back by themselves (no reload, no click) through the balancer on the other instance, resend what was
/// not receipted with its <c>clientMessageId</c>, and show every message exactly once, in order, in a conversation that
/// still belongs to the agent.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class InstanceCrashPageTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTestBase(browser, output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    // Installed in a page before the kill: records every state the connection indicator shows (one entry per change,
    // read at the end of the task that made it), and marks the document so a reload would be noticed.
    private const string WatchScript = """
        (selector) => {
          const element = document.querySelector(selector);
          const read = () => element.hidden ? 'hidden' : element.textContent.trim();
          window.__crashWatch = { seen: [read()] };
          new MutationObserver(() => {
            const now = read();
            const seen = window.__crashWatch.seen;
            if (seen[seen.length - 1] !== now) seen.push(now);
          }).observe(element, { attributes: true, childList: true, characterData: true, subtree: true });
        }
        """;

    private BalancedCluster? _cluster;

    /// <inheritdoc />
    protected override string ArtifactPrefix => "crash-";

    [Fact(Timeout = 180_000)]
    public async Task After_the_instance_it_was_connected_to_is_killed_each_page_recovers_through_the_balancer_and_no_message_is_lost_or_doubled()
    {
        await using var cluster = _cluster = await BalancedCluster.StartAsync();
        var balancer = cluster.Balancer;
        await RunAsync(async () =>
        {
            const string first = "Hello, my parcel never came.";
            const string reply = "Hello, this is Alice: let me look.";
            const string atKill = "Order 4711, sent as the instance dies";
            const string fromB = "Found it: it ships today.";
            const string last = "Thank you!";

            // Both pages on A, through the balancer: alice claims the customer's chat, messages go both ways.
            var alice = new AgentConsole((await OpenAsync("alice", balancer.BaseUrl)).Page);
            await alice.LoginAsync("alice");
            var customerSession = await OpenAsync("customer", balancer.BaseUrl);
            var customer = new CustomerPage(customerSession.Page);
            var name = UniqueName("Grace");
            await customer.StartAsync(name);
            await customer.SendAsync(first);
            var conversationId = await alice.ClaimAsync(name);
            await Expect(customer.Status).ToHaveTextAsync("You are chatting with Alice");
            await Expect(alice.Message(conversationId, first)).ToHaveCountAsync(1);
            await alice.SendAsync(conversationId, reply);
            await Expect(customer.Message(reply)).ToHaveCountAsync(1);
            Assert.True(balancer.OpenConnections(cluster.A.Port) > 0, "the pages should be connected to instance A");
            Assert.Equal(0, balancer.OpenConnections(cluster.B.Port));

            await alice.Page.EvaluateAsync(WatchScript, "#connection");
            await customer.Page.EvaluateAsync(WatchScript, "#connection-banner");

            // The customer sends, and the moment Redis publishes that message (A has stored it: the append publishes; A
            // still has to read the answer and write the RECEIPT), new connections go to B and A gets SIGKILL, from the
            // test's own subscription. The RECEIPT is then usually lost with A, and the page has to resend the message
            // with the same clientMessageId, which must not make a second copy.
            var killed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var peek = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration);
            await peek.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("*"), (channel, payload) =>
            {
                if (!killed.Task.IsCompleted && payload.HasValue && Encoding.UTF8.GetString((byte[])payload!).Contains(atKill, StringComparison.Ordinal))
                {
                    lock (killed)
                    {
                        if (!killed.Task.IsCompleted)
                        {
                            balancer.SwitchTo(cluster.B.Port);
                            cluster.A.Kill();
                            killed.TrySetResult(channel.ToString());
                        }
                    }
                }
            });
            await customer.Composer.FillAsync(atKill);
            await customer.Composer.PressAsync("Enter");
            var killedOn = await killed.Task.WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(
                t => t.IsCompletedSuccessfully ? t.Result : throw new Xunit.Sdk.XunitException("Redis never published the customer's message within 15 s, so A was not killed", t.Exception),
                TaskScheduler.Default);

            // Each page shows that it is reconnecting, then is back by itself, on B.
            await WaitUntilSeenAsync(alice.Page, "Reconnecting…", "Online");
            await WaitUntilSeenAsync(customer.Page, "Reconnecting…", "hidden");
            await Expect(alice.Connection).ToHaveTextAsync("Online");
            await Expect(customer.ConnectionBanner).ToBeHiddenAsync();
            Assert.Equal(0, balancer.OpenConnections(cluster.A.Port));
            Assert.True(balancer.OpenConnections(cluster.B.Port) > 0, "the pages should be connected to instance B through the balancer");

            // The message sent at the kill: confirmed once on the customer's page, received once by alice.
            await Expect(customer.Message(atKill)).ToHaveCountAsync(1, new() { Timeout = (float)Recovery.TotalMilliseconds });
            await Expect(customer.Message(atKill).Locator(".msg-status")).ToHaveAttributeAsync("data-status", new Regex("^(delivered|read)$"));
            await Expect(alice.Message(conversationId, atKill)).ToHaveCountAsync(1, new() { Timeout = (float)Recovery.TotalMilliseconds });

            // Both ways on B.
            await alice.SendAsync(conversationId, fromB);
            await Expect(customer.Message(fromB)).ToHaveCountAsync(1);
            await customer.SendAsync(last);
            await Expect(alice.Message(conversationId, last)).ToHaveCountAsync(1);

            // Every message exactly once, in order, on both pages; nothing left pending; no reload happened.
            string[] expected = [first, reply, atKill, fromB, last];
            await Expect(customer.Messages).ToHaveCountAsync(expected.Length);
            await Expect(alice.Messages(conversationId)).ToHaveCountAsync(expected.Length);
            Assert.Equal(expected, await customer.Messages.Locator(".msg-text").AllTextContentsAsync());
            Assert.Equal(expected, await alice.Messages(conversationId).Locator(".msg-text").AllTextContentsAsync());
            await Expect(customer.Page.Locator("#messages .msg--pending")).ToHaveCountAsync(0);
            await Expect(alice.Panel(conversationId).Locator(".msg--pending")).ToHaveCountAsync(0);
            Assert.True(await customer.Page.EvaluateAsync<bool>("() => window.__crashWatch !== undefined"), "the customer page was reloaded");
            Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.__crashWatch !== undefined"), "the agent console was reloaded");

            // The conversation is still alice's, active, on both pages and in the shared store (asked through B).
            await Expect(customer.Status).ToHaveTextAsync("You are chatting with Alice");
            await Expect(alice.Tab(conversationId)).ToHaveCountAsync(1);
            await Expect(alice.Panel(conversationId).Locator(".panel-sub")).ToHaveTextAsync(new Regex("^(Started|Active)"));
            var token = await BrokerApi.LoginAsync(balancer.BaseUrl, "alice");
            var conversation = await BrokerApi.GetConversationAsync(balancer.BaseUrl, token, conversationId)
                ?? throw new Xunit.Sdk.XunitException($"conversation {conversationId} is not listed after the kill");
            Assert.Equal("active", conversation.GetProperty("state").GetString());
            Assert.Equal("alice", conversation.GetProperty("agentId").GetString());

            var sends = customerSession.LogText().Split('\n').Count(line => line.Contains("[ws >>] SEND", StringComparison.Ordinal) && line.Contains(atKill, StringComparison.Ordinal));
            Output.WriteLine($"A was killed as Redis published the message on {killedOn}; the customer page sent it {sends} time(s) (2 = resent after the kill)");
            Output.WriteLine($"alice saw: {await SeenAsync(alice.Page)}; the customer's banner: {await SeenAsync(customer.Page)}");
            Output.WriteLine(cluster.Summary());
        });
    }

    /// <inheritdoc />
    protected override void OnFailure()
    {
        if (_cluster is { } cluster)
        {
            Output.WriteLine(cluster.Diagnostics());
        }
    }

    /// <summary>Waits until the page's recorded connection states include <paramref name="passedThrough"/> and now show <paramref name="now"/>.</summary>
    private static async Task WaitUntilSeenAsync(IPage page, string passedThrough, string now)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "([through, now]) => { const seen = window.__crashWatch.seen; return seen.includes(through) && seen[seen.length - 1] === now; }",
                new[] { passedThrough, now },
                new() { Timeout = (float)Recovery.TotalMilliseconds });
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{page.Url}: expected the connection state to pass through '{passedThrough}' and show '{now}' within {Recovery.TotalSeconds:0} s; it showed: {await SeenAsync(page)}", e);
        }
    }

    private static async Task<string> SeenAsync(IPage page) =>
        JsonSerializer.Serialize(await page.EvaluateAsync<string[]>("() => window.__crashWatch?.seen ?? []"));
}
