namespace CustomerChat.Broker.Identity;

/// <summary>One API key under <c>CustomerChat:ApiKeys</c> (docs/protocol.md §16 "API keys").</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The integration's name, e.g. <c>crm</c>: how it appears (e.g. as <c>senderName</c> of its messages).</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The key's hash, made exactly like an agent password hash (ASP.NET Core Identity <c>PasswordHasher</c>, PBKDF2):
    /// <c>dotnet CustomerChat.Broker.dll hash-password &lt;key&gt;</c> prints it. The key itself is never configured.
    /// </summary>
    public string KeyHash { get; set; } = "";
}
