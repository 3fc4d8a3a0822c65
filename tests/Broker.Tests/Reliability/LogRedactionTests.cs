using System.Net;
using System.Net.Http.Json;
using CustomerChat.Broker.Tests.Identity;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;
using Serilog.Events;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// Logs carry no token and no message body at any level (issue 7), and every connection gets one line when it
/// opens and one when it closes, with the reason, the user and the duration.
/// </summary>
public sealed class LogRedactionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AtDebugLevelNoTokenPasswordOrMessageBodyIsLoggedAndEachConnectionHasAnOpenAndACloseLine()
    {
        var key = Guid.NewGuid().ToString("N");
        var body = "secret-body-" + Guid.NewGuid().ToString("N");
        var password = "wrong-password-" + Guid.NewGuid().ToString("N");
        var broker = await BrokerHost.StartAsync(LogCapture.Settings(key));
        string customerId;
        string[] tokens;
        try
        {
            var guest = await broker.GuestAsync("Ada");
            customerId = guest.UserId;
            var agentToken = TestTokens.Agent("alice");
            var loggedIn = await broker.LoginAsync("bob");
            tokens = [guest.Token, agentToken, loggedIn.Token];

            // The token in the URL (a browser's way), in passcode, and in an Authorization header.
            await using (var customer = await StompTestClient.OpenAsync(new Uri(broker.WebSocketUri + "?access_token=" + Uri.EscapeDataString(guest.Token))))
            {
                Assert.Equal(StompCommand.Connected, (await customer.ConnectAsync(null)).Command);
                await customer.SubscribeAsync("/user/queue/messages", "m");
                await customer.SendWithReceiptAsync(new StompFrame(StompCommand.Send, new StompHeaders(), System.Text.Encoding.UTF8.GetBytes($"{{\"message\":\"{body}\"}}"))
                    .With("destination", "/chat/message").With("content-type", "application/json"));
                Assert.Contains(body, StompTestClient.BodyText(await customer.ReceiveMessageAsync("m")));
            }

            await using (var agent = await broker.ConnectAsync(agentToken))
            {
                await agent.SubscribeAsync("/topic/log-test", "t");
                await agent.SendWithReceiptAsync(new StompFrame(StompCommand.Send, new StompHeaders(), System.Text.Encoding.UTF8.GetBytes(body)).With("destination", "/topic/log-test"));
                await agent.ReceiveMessageAsync("t");
                await agent.SendRawAsync("DISCONNECT\nreceipt:bye\n\n\0");
                await agent.WaitForCloseAsync();
            }

            await using (var bearer = await StompTestClient.OpenAsync(broker.WebSocketUri))
            {
                Assert.Equal(StompCommand.Connected, (await bearer.ConnectAsync(null, extra: ("Authorization", "Bearer " + loggedIn.Token))).Command);
            }

            // A bad token in the URL and a failed login: refusals are logged, their secrets are not.
            await using (var forged = await StompTestClient.OpenAsync(new Uri(broker.WebSocketUri + "?access_token=" + Uri.EscapeDataString(agentToken[..^4] + "AAAA"))))
            {
                Assert.Equal(StompCommand.Error, (await forged.ConnectAsync(null)).Command);
            }

            using var login = await broker.Http.PostAsJsonAsync("api/auth/login", new { username = "alice", password });
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }
        finally
        {
            await broker.DisposeAsync(); // flushes: every close line is written
        }

        var text = LogCapture.AllText(key);
        var events = LogCapture.Events(key);
        output.WriteLine($"{events.Count} events captured, {events.Count(e => e.Level == LogEventLevel.Debug)} at Debug");

        // The capture really saw the request log that would carry ?access_token= (at Debug and Information), redacted.
        Assert.Contains(events, e => e.Level == LogEventLevel.Debug);
        Assert.Contains("access_token=[redacted]", text);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, text);
            Assert.DoesNotContain(token.Split('.')[2], text); // not even the signature alone
            Assert.DoesNotContain(token.Split('.')[1], text); // nor the claims
        }

        Assert.DoesNotContain(body, text);
        Assert.DoesNotContain(password, text);

        // One line per connection open and close: the close names the reason, the user and the duration.
        var opened = events.Where(e => e.MessageTemplate.Text.StartsWith("Connection {ConnectionId} opened", StringComparison.Ordinal)).ToList();
        var closed = events.Where(e => e.MessageTemplate.Text.StartsWith("Connection {ConnectionId} closed", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, opened.Count);
        Assert.Equal(opened.Select(e => e.Properties["ConnectionId"].ToString()).Order(), closed.Select(e => e.Properties["ConnectionId"].ToString()).Order());
        Assert.All(closed, e => Assert.True(e.Properties.ContainsKey("Reason") && e.Properties.ContainsKey("UserId") && e.Properties.ContainsKey("DurationMs")));
        Assert.Contains(closed, e => e.Properties["UserId"].ToString() == $"\"{customerId}\"" && e.Properties["Reason"].ToString() == "\"client closed\"");
        Assert.Contains(closed, e => e.Properties["UserId"].ToString() == "\"alice\"" && e.Properties["Reason"].ToString() == "\"client disconnected\"");
        Assert.Contains(closed, e => e.Properties["Reason"].ToString() == "\"unauthorized\"");
        foreach (var e in closed)
        {
            output.WriteLine(e.RenderMessage());
        }
    }
}
