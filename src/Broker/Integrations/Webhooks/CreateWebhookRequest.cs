namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>The body of <c>POST /api/webhooks</c>.</summary>
/// <param name="Url">An absolute http(s) URL; on a public address unless <c>AllowPrivateAddresses</c>.</param>
/// <param name="Secret">The signing key, 1 to 256 characters (32 random bytes recommended).</param>
/// <param name="Events">One or more event types.</param>
public sealed record CreateWebhookRequest(string? Url, string? Secret, IReadOnlyList<string>? Events);
