using System.Net;
using System.Net.Http.Json;
using CustomerChat.Broker.Hosting;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;
using Microsoft.AspNetCore.Identity;

namespace CustomerChat.Broker.Tests.Identity;

/// <summary>Configured agent accounts and the <c>hash-password</c> command (docs/protocol.md §9).</summary>
public sealed class AgentAccountTests
{
    [Fact]
    public void HashPasswordPrintsAPbkdf2HashThatVerifies()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = HashPasswordCommand.Run(["s3cret!"], new StringReader(""), output, error);
        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());

        var hash = output.ToString().Trim();
        Assert.DoesNotContain("s3cret", hash, StringComparison.Ordinal);
        var hasher = new PasswordHasher<AgentAccountOptions>();
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new AgentAccountOptions(), hash, "s3cret!"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new AgentAccountOptions(), hash, "s3cret"));
    }

    [Fact]
    public void HashPasswordReadsThePasswordFromStandardInputWhenNotGiven()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = HashPasswordCommand.Run([], new StringReader("from-stdin\n"), output, error);
        Assert.Equal(0, exit);
        var hasher = new PasswordHasher<AgentAccountOptions>();
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new AgentAccountOptions(), output.ToString().Trim(), "from-stdin"));
    }

    [Fact]
    public void HashPasswordWithoutAPasswordPrintsUsageAndFails()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = HashPasswordCommand.Run([], new StringReader(""), output, error);
        Assert.NotEqual(0, exit);
        Assert.Equal("", output.ToString());
        Assert.Contains("usage", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AConfiguredAgentLogsInWithTheHashedPasswordAndReplacesTheDemoAgents()
    {
        using var output = new StringWriter();
        Assert.Equal(0, HashPasswordCommand.Run(["dana-pass"], new StringReader(""), output, TextWriter.Null));
        var hash = output.ToString().Trim();

        await using var broker = await BrokerHost.StartAsync(
            "CustomerChat:Agents:0:Username=dana",
            "CustomerChat:Agents:0:DisplayName=Dana",
            $"CustomerChat:Agents:0:PasswordHash={hash}");

        var dana = await broker.LoginAsync("dana", "dana-pass");
        Assert.Equal("dana", dana.UserId);
        Assert.Equal("agent", dana.Role);
        Assert.Equal("Dana", dana.Name);

        using var wrong = await broker.Http.PostAsJsonAsync("api/auth/login", new { username = "dana", password = "demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        // With agents configured, the demo agents do not exist even in Development.
        using var alice = await broker.Http.PostAsJsonAsync("api/auth/login", new { username = "alice", password = "demo" });
        Assert.Equal(HttpStatusCode.Unauthorized, alice.StatusCode);

        // The token opens a STOMP session as dana.
        await using var client = await StompTestClient.OpenAsync(broker.WebSocketUri);
        var connected = await client.ConnectAsync(dana.Token);
        Assert.Equal(StompCommand.Connected, connected.Command);
        Assert.Equal("dana", connected["user-name"]);
    }
}
