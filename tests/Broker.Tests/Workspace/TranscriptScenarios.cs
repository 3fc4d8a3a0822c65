using System.Net;
using System.Text.RegularExpressions;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using MimeKit;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// Transcripts (docs/protocol.md §14 "Transcripts"): <c>GET …/transcript</c> as text for the customer and any
/// agent, and <c>POST …/transcript/email</c> through a real SMTP conversation on loopback. Memory and Redis.
/// </summary>
public abstract partial class TranscriptScenarios
{
    /// <summary>Starts the broker under test.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    [Fact]
    public async Task TheTranscriptIsOneLinePerMessageForTheCustomerAndAnyAgentOnly()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, alice, await broker.GuestAsync("Ada"), "first line\nsecond line");
        await using var _ = customer;
        await alice.SendAsync("/chat/message", new { conversationId = id, message = "Happy to help" });
        await customer.WaitForMessageAsync("Happy to help");

        var (text, type) = await WorkspaceFlows.GetTextAsync(broker, $"/api/conversations/{id}/transcript", customer.Token.Token);
        Assert.Equal("text/plain; charset=utf-8", type);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.Matches(LineShape(), line));
        Assert.Contains("] Ada: first line \u21B5 second line", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"] {alice.Token.Name}: Happy to help", lines[^1], StringComparison.Ordinal);

        var (agentText, _) = await WorkspaceFlows.GetTextAsync(broker, $"/api/conversations/{id}/transcript", (await broker.LoginAsync("bob")).Token);
        Assert.Equal(text, agentText);

        var stranger = await broker.GuestAsync("Eve");
        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, $"/api/conversations/{id}/transcript", stranger.Token);
        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Get, "/api/conversations/no-such/transcript", alice.Token.Token);
        await Api.ExpectAsync(HttpStatusCode.Unauthorized, broker, HttpMethod.Get, $"/api/conversations/{id}/transcript");
    }

    [Fact]
    public async Task TheEmailGoesToTheGuestsAddressOrToTheGivenOneThroughSmtp()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var broker = await StartBrokerAsync("CustomerChat:Smtp:Host=127.0.0.1", $"CustomerChat:Smtp:Port={smtp.Port}",
            "CustomerChat:Smtp:UseTls=false", "CustomerChat:Smtp:From=Support <support@example.com>");
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, alice, await WorkspaceFlows.GuestAsync(broker, "Ada", "ada@example.com"), "Größe 42, bitte");
        await using var _ = customer;
        var path = $"/api/conversations/{id}/transcript/email";

        var sent = await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Post, path, customer.Token.Token);
        Assert.Equal("ada@example.com", sent.GetProperty("to").GetString());
        var mail = await smtp.NextMessageAsync();
        Assert.Equal("support@example.com", mail.From);
        Assert.Equal(["ada@example.com"], mail.Recipients);
        var message = await MimeMessage.LoadAsync(new MemoryStream(mail.Data));
        Assert.Equal("Your chat transcript", message.Subject);
        Assert.Matches(LineShape(), message.TextBody!.ReplaceLineEndings("\n").Split('\n')[0]);
        Assert.Contains("] Ada: Größe 42, bitte", message.TextBody, StringComparison.Ordinal);

        await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Post, path, alice.Token.Token, new { to = "team@example.org" });
        Assert.Equal(["team@example.org"], (await smtp.NextMessageAsync()).Recipients);

        await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Post, path, alice.Token.Token, new { to = "not an address" });

        var (silent, silentId) = await WorkspaceFlows.OpenAsync(broker, null, await broker.GuestAsync("Bert"), "no email here");
        await using var __ = silent;
        await Api.ExpectAsync(HttpStatusCode.BadRequest, broker, HttpMethod.Post, $"/api/conversations/{silentId}/transcript/email", alice.Token.Token, new { });
        await Api.ExpectAsync(HttpStatusCode.NotFound, broker, HttpMethod.Post, path, silent.Token.Token, new { });
    }

    [Fact]
    public async Task WithoutSmtpTheEmailIs503()
    {
        await using var broker = await StartBrokerAsync();
        await using var alice = await ChatParty.AgentAsync(broker, "alice");
        var (customer, id) = await WorkspaceFlows.OpenAsync(broker, alice, await WorkspaceFlows.GuestAsync(broker, "Ada", "ada@example.com"), "hi");
        await using var _ = customer;
        await Api.ExpectAsync(HttpStatusCode.ServiceUnavailable, broker, HttpMethod.Post, $"/api/conversations/{id}/transcript/email", customer.Token.Token, new { });
    }

    [GeneratedRegex(@"^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\] [^:]+: .+$")]
    private static partial Regex LineShape();
}

/// <summary>Transcripts on the in-memory stores.</summary>
public sealed class InMemoryTranscriptTests : TranscriptScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => BrokerHost.StartAsync(settings);
}

/// <summary>Transcripts on Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisTranscriptTests(RedisFixture redis) : TranscriptScenarios
{
    /// <inheritdoc />
    protected override Task<BrokerHost> StartBrokerAsync(params string[] settings) => redis.StartBrokerAsync(settings);
}
