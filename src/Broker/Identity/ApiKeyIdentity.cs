namespace CustomerChat.Broker.Identity;

/// <summary>An integration authenticated by <c>X-Api-Key</c> (docs/protocol.md §16 "API keys").</summary>
/// <param name="Name">The configured <c>Name</c> of the key.</param>
public sealed record ApiKeyIdentity(string Name);
