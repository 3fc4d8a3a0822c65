using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CustomerChat.Web.Tests.Widget;

/// <summary>
/// A company's website for the widget tests: a tiny Kestrel on <c>http://127.0.0.1:&lt;port&gt;</c> (another origin
/// than the broker: another port) serving <c>/page1.html</c> and <c>/page2.html</c>, each with the
/// one script tag. Query: <c>broker=</c> a key of the broker map, <c>locale=</c> and <c>department=</c> become
/// <c>data-locale</c> / <c>data-department</c>. The pages carry rude global styles (every button red, serif
/// text) to show the widget is not restyled, and a link to the other page that keeps the query.
/// </summary>
public sealed class HostSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostSite(WebApplication app, int port)
    {
        _app = app;
        Origin = $"http://{HostName}:{port}";
    }

    /// <summary>
    /// The host name of the sites: 127.0.0.1 like the broker, so another origin (another port) of the same site.
    /// That is the deployment docs/WIDGET.md recommends (the broker on a subdomain of the company's site): a
    /// cross-site iframe gets no storage where third-party storage is blocked (Chromium's default in the
    /// off-the-record contexts Playwright uses, Safari, Firefox strict), and then the chat cannot survive a
    /// navigation.
    /// </summary>
    public const string HostName = "127.0.0.1";

    /// <summary>The site's origin, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Origin { get; }

    /// <summary>A page's address: <paramref name="page"/> 1 or 2.</summary>
    public string PageUrl(int page, string broker, string? locale = null, string? department = null)
    {
        var query = $"broker={broker}" + (locale is null ? "" : $"&locale={locale}") + (department is null ? "" : $"&department={department}");
        return $"{Origin}/page{page}.html?{query}";
    }

    /// <summary>A free loopback port (the site's origin must be known before the brokers that allow it start).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the site on <paramref name="port"/>; <paramref name="brokers"/> maps the <c>broker=</c> keys to broker origins.</summary>
    public static async Task<HostSite> StartAsync(int port, IReadOnlyDictionary<string, string> brokers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/page{n:int}.html", (int n, string broker, string? locale, string? department) =>
        {
            if (!brokers.TryGetValue(broker, out var origin))
            {
                return Results.NotFound();
            }

            var attributes = new StringBuilder();
            if (locale is not null)
            {
                attributes.Append($" data-locale=\"{WebUtility.HtmlEncode(locale)}\"");
            }

            if (department is not null)
            {
                attributes.Append($" data-department=\"{WebUtility.HtmlEncode(department)}\"");
            }

            var other = n == 1 ? 2 : 1;
            var html = $$"""
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Shop page {{n}}</title>
                  <link rel="icon" href="data:,">
                  <style>
                    * { font-family: Georgia, serif !important; }
                    body { background: #fdf6e3; color: #333; margin: 40px; }
                    button { background: red !important; border: 5px dashed lime !important; }
                    iframe { border: 10px solid orange !important; }
                    div { padding: 30px; }
                  </style>
                </head>
                <body>
                  <h1>Shop page {{n}}</h1>
                  <p>Our products. <a id="next" href="/page{{other}}.html?{{WebUtility.HtmlEncode(string.Join("&", new[] { $"broker={broker}", locale is null ? null : $"locale={locale}", department is null ? null : $"department={department}" }.Where(p => p is not null)))}}">Go to page {{other}}</a></p>
                  <button id="host-button" type="button">A host button</button>
                  <script src="{{origin}}/widget.js" async{{attributes}}></script>
                </body>
                </html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new HostSite(app, port);
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
