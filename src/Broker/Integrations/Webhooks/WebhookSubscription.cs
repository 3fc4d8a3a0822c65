namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>A webhook: where events of some types go, and the key that signs them.</summary>
/// <param name="Id">Managed: <c>wh_&lt;32 hex&gt;</c>; configured: <c>cfg_&lt;12 hex of the URL's SHA-256&gt;</c>.</param>
/// <param name="Url">The receiver, an absolute http(s) URL.</param>
/// <param name="Secret">The HMAC-SHA256 key; never shown by the API.</param>
/// <param name="Events">The event types sent there.</param>
/// <param name="Configured">True for <c>CustomerChat:Webhooks</c> entries (trusted, not deletable over HTTP).</param>
/// <param name="CreatedAt">When it was created (configured: when this instance started).</param>
/// <param name="CreatedBy">Who created it (<c>Caller.Id</c>), or <c>configuration</c>.</param>
public sealed record WebhookSubscription(string Id, string Url, string Secret, IReadOnlyList<string> Events, bool Configured, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>Whether events of <paramref name="type"/> go to this webhook.</summary>
    public bool Wants(string type) => Events.Contains(type, StringComparer.Ordinal);
}
