namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>A managed webhook's host resolved only to addresses <see cref="WebhookAddressPolicy"/> refuses.</summary>
public sealed class WebhookAddressRefusedException(string host)
    : IOException($"The webhook host '{host}' resolves only to loopback, private or otherwise non-public addresses.");
