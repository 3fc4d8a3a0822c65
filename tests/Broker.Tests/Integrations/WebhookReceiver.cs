using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using CustomerChat.Broker.Integrations.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(string? Event, string? DeliveryId, string? Timestamp, string? Signature, string Body, bool SignatureValid, int Attempt, long ReceivedTicks)
{
    /// <summary>When it arrived (Stopwatch-free: <see cref="TimeProvider.System"/> timestamps), for gap measurements.</summary>
    public TimeSpan Since(ReceivedWebhook earlier) => TimeProvider.System.GetElapsedTime(earlier.ReceivedTicks, ReceivedTicks);
}

/// <summary>
/// A real HTTP receiver on real Kestrel at 127.0.0.1 on a free port: it verifies each request's signature with the
/// shared secret, numbers the requests per delivery id (1, 2, …), records them, then answers what
/// <see cref="Respond"/> says (default 200). A responder may hang until the broker gives up (the request is aborted).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _incoming = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentQueue<ReceivedWebhook> _all = new();
    private readonly ConcurrentDictionary<string, int> _perDelivery = new();

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    /// <summary>The secret the receiver verifies with.</summary>
    public string Secret { get; }

    /// <summary>The receiver's URL.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Chooses the status for a request (its number per delivery id is <see cref="ReceivedWebhook.Attempt"/>); may wait on the token.</summary>
    public Func<ReceivedWebhook, CancellationToken, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> All => _all.ToArray();

    /// <summary>Starts a receiver.</summary>
    public static async Task<WebhookReceiver> StartAsync(string secret = "receiver-secret-0123456789")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    /// <summary>The next request matching <paramref name="predicate"/> (earlier non-matching ones are skipped), within <paramref name="timeout"/>.</summary>
    public async Task<ReceivedWebhook> NextAsync(Func<ReceivedWebhook, bool>? predicate = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var next = await _incoming.Reader.ReadAsync(cts.Token);
            if (predicate is null || predicate(next))
            {
                return next;
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> requests matching <paramref name="predicate"/> arrived in total.</summary>
    public async Task WaitForCountAsync(int count, Func<ReceivedWebhook, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_all.Count(predicate) < count)
        {
            await _incoming.Reader.WaitToReadAsync(cts.Token);
            _incoming.Reader.TryRead(out _);
        }
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

    /// <summary>What a receiver does (docs/WEBHOOKS.md): HMAC-SHA256 of "timestamp.body" with the secret, compared in constant time; the timestamp within 5 minutes.</summary>
    private bool Verify(string timestamp, byte[] body, string signature)
    {
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var signed = System.Text.Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret), signed));
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(signature));
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var headers = http.Request.Headers;
        var deliveryId = headers[WebhookSender.DeliveryHeader].ToString();
        var timestamp = headers[WebhookSender.TimestampHeader].ToString();
        var signature = headers[WebhookSender.SignatureHeader].ToString();
        var valid = Verify(timestamp, body, signature);
        var attempt = _perDelivery.AddOrUpdate(deliveryId, 1, (_, n) => n + 1);
        var received = new ReceivedWebhook(headers[WebhookSender.EventHeader].ToString(), deliveryId, timestamp, signature,
            System.Text.Encoding.UTF8.GetString(body), valid, attempt, TimeProvider.System.GetTimestamp());
        _all.Enqueue(received);
        _incoming.Writer.TryWrite(received);
        try
        {
            http.Response.StatusCode = await Respond(received, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            http.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable; // the broker gave up on this attempt
        }
    }
}
