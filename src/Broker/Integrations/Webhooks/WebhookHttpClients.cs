using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Polly;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// The two named <see cref="HttpClient"/>s of webhook delivery, through <see cref="IHttpClientFactory"/> with a
/// Microsoft.Extensions.Http.Resilience pipeline that bounds each attempt by <c>WebhookDelivery:Timeout</c> (retries
/// are not Polly's: they are scheduled durably by <see cref="IWebhookQueue"/>). Redirects are not followed (a 3xx is
/// a failed attempt). <see cref="Trusted"/> serves configured webhooks; <see cref="Checked"/> serves managed ones and
/// refuses, at connect time, every address <see cref="WebhookAddressPolicy"/> refuses unless private addresses are allowed.
/// Neither logs each request (IHttpClientFactory's per-request loggers are removed).
/// </summary>
public static class WebhookHttpClients
{
    /// <summary>The client of configured webhooks.</summary>
    public const string Trusted = "customerchat-webhooks-trusted";

    /// <summary>The client of managed webhooks.</summary>
    public const string Checked = "customerchat-webhooks-checked";

    /// <summary>Registers both clients.</summary>
    public static IServiceCollection AddWebhookHttpClients(this IServiceCollection services)
    {
        foreach (var name in new[] { Trusted, Checked })
        {
            var check = name == Checked;
            services.AddHttpClient(name)
                .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
                // IHttpClientFactory's own loggers write four Information lines per request ("Start processing …",
                // "Sending …", "Received …", "End processing …"): per attempt, through the synchronous console sink,
                // they cost more than the attempt (docs/performance/webhooks.md). Attempts are logged by WebhookLog
                // (failures), the deliveries log and the webhooks.* metrics instead.
                .RemoveAllLoggers()
                .ConfigurePrimaryHttpMessageHandler(sp =>
                {
                    var allowPrivate = sp.GetRequiredService<IOptions<IntegrationOptions>>().Value.WebhookDelivery.AllowPrivateAddresses ?? false;
                    var handler = new SocketsHttpHandler
                    {
                        AllowAutoRedirect = false,
                        UseCookies = false,
                        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                        ConnectTimeout = TimeSpan.FromSeconds(30),
                    };
                    if (check && !allowPrivate)
                    {
                        handler.ConnectCallback = ConnectPublicOnlyAsync;
                    }

                    return handler;
                })
                .AddResilienceHandler("webhook-attempt", (pipeline, context) =>
                {
                    var timeout = context.ServiceProvider.GetRequiredService<IOptions<IntegrationOptions>>().Value.WebhookDelivery.Timeout;
                    pipeline.AddTimeout(timeout);
                });
        }

        return services;
    }

    private static async ValueTask<Stream> ConnectPublicOnlyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(WebhookAddressPolicy.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookAddressRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
