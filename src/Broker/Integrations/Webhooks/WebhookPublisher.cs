using System.Text.Json;
using System.Threading.Channels;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// The <see cref="IWebhookPublisher"/>: puts events in a bounded in-process intake queue (capacity
/// <see cref="Capacity"/>) that <see cref="WebhookDispatcher"/> drains; a full queue drops the event with a log line
/// and the <c>webhooks.dropped{reason=intake_full}</c> count, so the chat never waits on webhooks.
/// </summary>
public sealed class WebhookPublisher : IWebhookPublisher
{
    /// <summary>Events that may wait in the intake queue.</summary>
    public const int Capacity = 10_000;

    private readonly Channel<WebhookEvent> _intake = Channel.CreateBounded<WebhookEvent>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly TimeProvider _time;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger<WebhookPublisher> _logger;

    /// <summary>Creates the publisher.</summary>
    public WebhookPublisher(TimeProvider time, WebhookMetrics metrics, ILogger<WebhookPublisher> logger)
    {
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The intake the dispatcher reads.</summary>
    internal ChannelReader<WebhookEvent> Intake => _intake.Reader;

    /// <inheritdoc />
    public ValueTask PublishAsync(string type, JsonElement data, CancellationToken cancellationToken = default)
    {
        if (!WebhookEvents.IsKnown(type))
        {
            throw new ArgumentException($"'{type}' is not a webhook event type.", nameof(type));
        }

        var evt = new WebhookEvent("evt_" + Guid.NewGuid().ToString("N"), type, _time.GetUtcNow(), data.Clone());
        if (_intake.Writer.TryWrite(evt))
        {
            _metrics.Published();
        }
        else
        {
            WebhookLog.IntakeFull(_logger, type);
            _metrics.Dropped("intake_full");
        }

        return ValueTask.CompletedTask;
    }
}
