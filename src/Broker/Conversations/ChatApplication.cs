using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Routing;
using CustomerChat.Broker.Sessions;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Conversations;

/// <summary>Placeholder until the conversation layer lands: chat commands are unknown.</summary>
public sealed class ChatApplication : IChatApplication
{
    /// <inheritdoc />
    public Task OnSessionOpenedAsync(StompSession session) => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnSessionClosedAsync(StompSession session) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<Refusal?> HandleCommandAsync(StompSession session, string destination, StompFrame frame) =>
        Task.FromResult<Refusal?>(Refusal.NotFound(destination, "Not implemented yet."));

    /// <inheritdoc />
    public Task<IReadOnlyList<BrokerMessage>> GetInitialMessagesAsync(StompSession session, Subscription subscription, string? since) =>
        Task.FromResult<IReadOnlyList<BrokerMessage>>([]);
}
