namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>What one HTTP attempt gave.</summary>
/// <param name="StatusCode">The receiver's status, or null.</param>
/// <param name="Error">Why there is no status: <c>timeout</c>, <c>address refused</c>, <c>connection failed: …</c>.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record WebhookAttemptResult(int? StatusCode, string? Error, TimeSpan Elapsed)
{
    /// <summary>Whether the receiver answered 2xx.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>The status or the error, for logs.</summary>
    public string Describe() => StatusCode is { } status ? $"HTTP {status}" : Error ?? "unknown";
}
