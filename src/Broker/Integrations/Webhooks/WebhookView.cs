namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>A webhook as the API shows it (never with its secret).</summary>
/// <param name="Id">The webhook's id.</param>
/// <param name="Url">The receiver.</param>
/// <param name="Events">The event types sent there.</param>
/// <param name="Configured">True for webhooks from <c>CustomerChat:Webhooks</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record WebhookView(string Id, string Url, IReadOnlyList<string> Events, bool Configured, DateTimeOffset CreatedAt)
{
    /// <summary>The view of a subscription.</summary>
    public static WebhookView Of(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.Configured, s.CreatedAt);
}
