namespace CustomerChat.Broker.Identity;

/// <summary>
/// The body of <c>POST /api/auth/guest</c> and <c>POST /api/auth/login</c> (docs/protocol.md §9):
/// <c>{"token", "userId", "role", "name", "expiresAt", "email", "department", "locale"}</c> (the last three are
/// what a guest gave, null otherwise).
/// </summary>
/// <param name="Token">The signed JWT.</param>
/// <param name="UserId">The <c>sub</c> claim.</param>
/// <param name="Role"><c>customer</c> or <c>agent</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="ExpiresAt">When the token expires (whole seconds).</param>
/// <param name="Email">The guest's email address, or null.</param>
/// <param name="Department">The guest's department id, or null.</param>
/// <param name="Locale">The guest's language tag, or null.</param>
public sealed record IssuedToken(
    string Token,
    string UserId,
    string Role,
    string Name,
    DateTimeOffset ExpiresAt,
    string? Email = null,
    string? Department = null,
    string? Locale = null);
