namespace CustomerChat.Broker.Automation;

/// <summary>
/// The <c>spam</c> step's memory of each customer's latest message (as a fingerprint, with its client message id when it
/// had one; never the text), kept for a
/// short window. In memory for one instance (<see cref="InMemoryRecentMessageMemory"/>); in Redis when instances share
/// Redis (<see cref="RedisRecentMessageMemory"/>), so a customer whose connections land on two instances is still one.
/// </summary>
public interface IRecentMessageMemory
{
    /// <summary>
    /// Remembers <paramref name="fingerprint"/> as <paramref name="customerId"/>'s latest message for
    /// <paramref name="window"/> (from now) and returns the fingerprint it replaced, if that one was remembered less
    /// than its own window ago; null otherwise. One atomic step: two concurrent calls never both see "nothing before".
    /// </summary>
    ValueTask<string?> ExchangeAsync(string customerId, string fingerprint, TimeSpan window, CancellationToken cancellationToken);
}
