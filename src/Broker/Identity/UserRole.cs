namespace CustomerChat.Broker.Identity;

/// <summary>The two kinds of user (docs/protocol.md §9): the <c>role</c> claim is <c>customer</c> or <c>agent</c>.</summary>
public enum UserRole
{
    /// <summary>An anonymous visitor with a guest token; id <c>c-&lt;uuid&gt;</c>.</summary>
    Customer,
    /// <summary>A configured support agent; id = username.</summary>
    Agent,
}
