using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Polly.Timeout;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Makes one webhook attempt (docs/protocol.md §16 "Delivery"): <c>POST</c> of the job's body with
/// <c>Content-Type: application/json</c>, <c>X-CustomerChat-Event</c>, <c>X-CustomerChat-Delivery</c>,
/// <c>X-CustomerChat-Timestamp</c> (unix seconds, this attempt's) and <c>X-CustomerChat-Signature</c>.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time)
{
    /// <summary>The event type header.</summary>
    public const string EventHeader = "X-CustomerChat-Event";

    /// <summary>The delivery (event) id header.</summary>
    public const string DeliveryHeader = "X-CustomerChat-Delivery";

    /// <summary>The timestamp header (unix seconds).</summary>
    public const string TimestampHeader = "X-CustomerChat-Timestamp";

    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-CustomerChat-Signature";

    /// <summary>Sends one attempt; never throws except for <paramref name="cancellationToken"/> (the broker stops).</summary>
    public async Task<WebhookAttemptResult> SendAsync(WebhookSubscription webhook, WebhookJob job, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var body = Encoding.UTF8.GetBytes(job.Body);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.UserAgent.ParseAdd("CustomerChat-Webhooks/1.0");
        request.Headers.TryAddWithoutValidation(EventHeader, job.Type);
        request.Headers.TryAddWithoutValidation(DeliveryHeader, job.DeliveryId);
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(SignatureHeader, WebhookSignature.Compute(webhook.Secret, timestamp, body));

        var client = clients.CreateClient(webhook.Configured ? WebhookHttpClients.Trusted : WebhookHttpClients.Checked);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return new WebhookAttemptResult((int)response.StatusCode, null, time.GetElapsedTime(start));
        }
        catch (TimeoutRejectedException)
        {
            return new WebhookAttemptResult(null, "timeout", time.GetElapsedTime(start));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttemptResult(null, "timeout", time.GetElapsedTime(start));
        }
        catch (HttpRequestException ex)
        {
            var error = ex.InnerException is WebhookAddressRefusedException ? "address refused" : "connection failed: " + ex.HttpRequestError;
            return new WebhookAttemptResult(null, error, time.GetElapsedTime(start));
        }
    }
}
