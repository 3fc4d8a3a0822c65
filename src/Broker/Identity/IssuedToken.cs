namespace CustomerChat.Broker.Identity;

/// <summary>
/// The body of <c>POST /api/auth/guest</c> and <c>POST /api/auth/login</c> (docs/protocol.md §9):
/// <c>{"token", "userId", "role", "name", "expiresAt"}</c>.
/// </summary>
public sealed record IssuedToken(string Token, string UserId, string Role, string Name, DateTimeOffset ExpiresAt);
