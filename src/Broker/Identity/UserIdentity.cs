namespace CustomerChat.Broker.Identity;

/// <summary>Who a connection or request belongs to, read from a validated token (docs/protocol.md §9).</summary>
/// <param name="UserId">The <c>sub</c> claim: <c>c-&lt;uuid&gt;</c> for customers, the username for agents.</param>
/// <param name="Role">The <c>role</c> claim.</param>
/// <param name="Name">The <c>name</c> claim: the display name.</param>
/// <param name="ExpiresAt">The <c>exp</c> claim.</param>
/// <param name="Email">The <c>email</c> claim: a guest's address from the pre-chat form, or null.</param>
/// <param name="Department">The <c>department</c> claim: the department id a guest chose, or null (the general queue).</param>
/// <param name="Locale">The <c>locale</c> claim: a guest's language tag (<c>de</c>, <c>fr-CA</c>), or null.</param>
public sealed record UserIdentity(
    string UserId,
    UserRole Role,
    string Name,
    DateTimeOffset ExpiresAt,
    string? Email = null,
    string? Department = null,
    string? Locale = null)
{
    /// <summary>Whether this is an agent.</summary>
    public bool IsAgent => Role == UserRole.Agent;

    /// <summary>The role as it appears in JSON and claims: <c>customer</c> or <c>agent</c>.</summary>
    public string RoleName => Role == UserRole.Agent ? "agent" : "customer";
}
