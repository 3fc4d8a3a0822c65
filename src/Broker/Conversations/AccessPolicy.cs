using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Who may SUBSCRIBE and SEND where (docs/protocol.md §5–6), in one table, applied to every frame before anything
/// else happens to it. Conversation-level rules (is this agent assigned, is this the customer's own
/// conversation) are checked by the conversation service, with the same refusal for "not yours" and
/// "does not exist", so a refusal never reveals what exists.
/// <code>
/// destination               SUBSCRIBE          SEND
/// /topic/*, /chat/topic/*   agent              agent
/// /chat/topic/support       agent              nobody (the broker publishes)
/// /user/queue/{messages,events,errors}  anyone (own)  nobody
/// /chat/claim, /chat/transfer, /chat/note, /chat/status  -  agent
/// /chat/rate                   -               customer
/// /chat/{message,close,typing,read}  -         anyone
/// anything else             not_found          not_found
/// </code>
/// </summary>
public sealed class AccessPolicy : IDestinationPolicy
{
    /// <inheritdoc />
    public Refusal? CheckSubscribe(UserIdentity user, string destination) => CheckSubscribe(user, destination, Destinations.Classify(destination));

    /// <inheritdoc />
    public Refusal? CheckSend(UserIdentity user, string destination) => CheckSend(user, destination, Destinations.Classify(destination));

    /// <summary>Whether <paramref name="user"/> may subscribe to <paramref name="destination"/>; null = allowed.</summary>
    public Refusal? CheckSubscribe(UserIdentity user, string destination, DestinationKind kind) => kind switch
    {
        DestinationKind.Topic or DestinationKind.SupportTopic => user.IsAgent ? null : Refusal.Forbidden(destination, "Only agents may subscribe here."),
        DestinationKind.UserQueue => null,
        DestinationKind.ChatCommand => Refusal.Forbidden(destination, "This destination accepts SEND only."),
        _ => UnknownDestination(destination),
    };

    /// <summary>Whether <paramref name="user"/> may send to <paramref name="destination"/>; null = allowed.</summary>
    public Refusal? CheckSend(UserIdentity user, string destination, DestinationKind kind) => kind switch
    {
        DestinationKind.Topic => user.IsAgent ? null : Refusal.Forbidden(destination, "Only agents may send here."),
        DestinationKind.SupportTopic or DestinationKind.UserQueue => Refusal.Forbidden(destination, "Clients may not send to this destination."),
        DestinationKind.ChatCommand => destination switch
        {
            Destinations.ChatClaim or Destinations.ChatTransfer or Destinations.ChatNote when !user.IsAgent => Refusal.Forbidden(destination, "Only agents may do this."),
            Destinations.ChatStatus when !user.IsAgent => Refusal.Forbidden(destination, "Only agents have a status."),
            Destinations.ChatRate when user.IsAgent => Refusal.Forbidden(destination, "Only customers rate conversations."),
            _ => null,
        },
        _ => UnknownDestination(destination),
    };

    private static Refusal UnknownDestination(string destination) =>
        destination.StartsWith(RoutingKeys.UserPrefix, StringComparison.Ordinal)
            ? Refusal.Forbidden(destination, "Not allowed.")
            : Refusal.NotFound(destination, "Unknown destination.");
}
