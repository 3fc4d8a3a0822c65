namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>
/// A parsed <see cref="AgentAccountRequest"/>: each <c>Has…</c> flag says whether the field was in the body (a PUT
/// keeps what is absent). Built and checked by <see cref="AgentAccountRules"/>.
/// </summary>
public sealed class AgentAccountPatch
{
    /// <summary>The username, or null when absent.</summary>
    public string? Username { get; set; }

    /// <summary>The display name, or null when absent.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The new password, or null when absent.</summary>
    public string? Password { get; set; }

    /// <summary>Whether <c>capacity</c> was given (null resets it to the default).</summary>
    public bool HasCapacity { get; set; }

    /// <summary>The capacity when <see cref="HasCapacity"/>.</summary>
    public int? Capacity { get; set; }

    /// <summary>The departments, or null when absent.</summary>
    public IReadOnlyList<string>? Departments { get; set; }

    /// <summary>Whether <c>locale</c> was given (null resets it to <c>en</c>).</summary>
    public bool HasLocale { get; set; }

    /// <summary>The locale when <see cref="HasLocale"/>.</summary>
    public string? Locale { get; set; }

    /// <summary>The admin flag, or null when absent.</summary>
    public bool? Admin { get; set; }

    /// <summary>The disabled flag, or null when absent.</summary>
    public bool? Disabled { get; set; }
}
