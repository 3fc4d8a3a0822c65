using CustomerChat.Broker.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Tests.Identity;

public sealed class SigningKeyStartupTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("too-short-key")]
    public async Task OutsideDevelopmentAMissingOrShortSigningKeyStopsTheStartUp(string? key)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--environment", "Production", "--Serilog:MinimumLevel:Default=Fatal" };
        if (key is not null)
        {
            args.Add($"--CustomerChat:Auth:SigningKey={key}");
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = BrokerApp.Build([.. args]);
            await app.StartAsync();
        });
        Assert.Contains("CustomerChat:Auth:SigningKey", error.Message);
        Assert.Contains("32 bytes", error.Message);
    }

    [Fact]
    public async Task OutsideDevelopmentALongEnoughKeyStartsAndNoDemoAgentsExist()
    {
        var args = new[]
        {
            "--urls", "http://127.0.0.1:0", "--environment", "Production", "--Serilog:MinimumLevel:Default=Fatal",
            $"--CustomerChat:Auth:SigningKey={Infrastructure.BrokerHost.SigningKey}",
        };
        await using var app = BrokerApp.Build(args);
        await app.StartAsync();
        var agents = app.Services.GetRequiredService<CustomerChat.Broker.Identity.AgentDirectory>();
        Assert.Empty(agents.All);
        await app.StopAsync();
    }
}
