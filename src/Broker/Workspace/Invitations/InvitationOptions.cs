namespace CustomerChat.Broker.Workspace.Invitations;

/// <summary>
/// How long an invitation's link works, bound from <c>CustomerChat:Auth</c> (<c>InvitationLifetime</c>, default
/// 24 h; docs/protocol.md §14 "Invitations").
/// </summary>
public sealed class InvitationOptions
{
    /// <summary>The configuration section (shared with the other token settings).</summary>
    public const string SectionName = "CustomerChat:Auth";

    /// <summary>The lifetime of an invitation's customer token. Default 24 hours.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(24);
}
