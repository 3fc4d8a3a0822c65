using CustomerChat.Broker.Identity;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Who may SEND to and SUBSCRIBE to which destination: the application's table, applied by the session to
/// every SEND and SUBSCRIBE before anything else happens to it. A refusal is not fatal (it goes to the
/// session's error queue); null allows the frame.
/// </summary>
public interface IDestinationPolicy
{
    /// <summary>Whether <paramref name="user"/> may send to <paramref name="destination"/>; null = allowed.</summary>
    Refusal? CheckSend(UserIdentity user, string destination);

    /// <summary>Whether <paramref name="user"/> may subscribe to <paramref name="destination"/>; null = allowed.</summary>
    Refusal? CheckSubscribe(UserIdentity user, string destination);
}
