using CustomerChat.Broker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerChat.Web.Tests.Widget;

/// <summary>
/// A real broker (the same <see cref="BrokerApp"/> the product runs) on real Kestrel at
/// <c>http://127.0.0.1:&lt;free port&gt;</c>, in Development (demo agents alice and bob), with settings of its own
/// (<c>key=value</c> configuration keys): the widget tests need several configurations at once.
/// </summary>
public sealed class WidgetBroker : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WidgetBroker(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUrl { get; }

    /// <summary>The origin, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Origin => BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>Starts a broker with extra settings.</summary>
    public static async Task<WidgetBroker> StartAsync(params string[] settings)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            "--Serilog:MinimumLevel:Default=Warning",
            "--CustomerChat:Limits:AuthRequestsPerMinutePerAddress=10000",
            "--CustomerChat:Limits:MaxConnectionsPerAddress=10000",
            "--CustomerChat:Routing:Mode=manual", // the widget tests claim by hand
        };
        args.AddRange(settings.Select(s => "--" + s));
        var app = BrokerApp.Build([.. args]);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WidgetBroker(app, new Uri(address.TrimEnd('/') + "/"));
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
