namespace CustomerChat.Broker.Options;

/// <summary>Token settings under <c>CustomerChat:Auth</c> (docs/protocol.md §9, §7).</summary>
public sealed class AuthOptions
{
    /// <summary>The HS256 key, at least 32 bytes of UTF-8. Required outside Development.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an issued token lives. Default 1 hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The <c>iss</c> claim issued and required. Default <c>customerchat</c>.</summary>
    public string Issuer { get; set; } = "customerchat";

    /// <summary>The <c>aud</c> claim issued and required. Default <c>customerchat</c>.</summary>
    public string Audience { get; set; } = "customerchat";
}
