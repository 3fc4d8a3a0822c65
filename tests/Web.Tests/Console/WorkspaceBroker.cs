using CustomerChat.Broker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerChat.Web.Tests.Console;

/// <summary>
/// A real broker (the product's <see cref="BrokerApp"/>) on real Kestrel at <c>http://127.0.0.1:&lt;free port&gt;</c>,
/// in Development (demo agents alice and bob), with the bot on, for the agent workspace tests. Its services are
/// reachable, so a test can reach a seam the chat does not fill yet.
/// </summary>
public sealed class WorkspaceBroker : IAsyncLifetime
{
    /// <summary>The bot's greeting to every new conversation.</summary>
    public const string Greeting = "Hello! I am the assistant. An agent will be with you shortly.";

    private WebApplication? _app;

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The broker's services.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            "--Serilog:MinimumLevel:Default=Warning",
            "--CustomerChat:Limits:AuthRequestsPerMinutePerAddress=10000",
            "--CustomerChat:Limits:MaxConnectionsPerAddress=10000",
            "--CustomerChat:Routing:Mode=manual", // the tests claim by hand
            "--CustomerChat:Bot:Enabled=true",
            $"--CustomerChat:Bot:Greeting={Greeting}",
        ];
        _app = BrokerApp.Build(args);
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
    }
}
