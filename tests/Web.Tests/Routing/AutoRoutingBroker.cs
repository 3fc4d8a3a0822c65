using CustomerChat.Broker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerChat.Web.Tests.Routing;

/// <summary>
/// A real broker (the product's <see cref="BrokerApp"/>) on real Kestrel at <c>http://127.0.0.1:&lt;free port&gt;</c>,
/// in Development (demo agents alice and bob), with <c>CustomerChat:Routing:Mode=auto</c> and an agent capacity of
/// <see cref="Capacity"/>, for the queue-position pages (docs/protocol.md §12). The shared broker of the other page
/// tests claims by hand, so routing gets its own, one per test (the queue starts empty).
/// </summary>
public sealed class AutoRoutingBroker : IAsyncDisposable
{
    /// <summary>Active conversations per agent.</summary>
    public const int Capacity = 1;

    private readonly WebApplication _app;

    private AutoRoutingBroker(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts a broker and waits until Kestrel listens.</summary>
    public static async Task<AutoRoutingBroker> StartAsync()
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            "--Serilog:MinimumLevel:Default=Warning",
            "--CustomerChat:Limits:AuthRequestsPerMinutePerAddress=10000",
            "--CustomerChat:Limits:MaxConnectionsPerAddress=10000",
            "--CustomerChat:Routing:Mode=auto",
            $"--CustomerChat:Conversations:AgentCapacity={Capacity}",
        ];
        var app = BrokerApp.Build(args);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AutoRoutingBroker(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
    }
}
