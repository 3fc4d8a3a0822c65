namespace CustomerChat.Broker.Workspace.Transcripts;

/// <summary>
/// The SMTP server transcripts are mailed through, bound from <c>CustomerChat:Smtp</c>
/// (docs/protocol.md §14 "Transcript by email"). No <see cref="Host"/> = email is not configured and the
/// transcript email endpoint answers 503.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CustomerChat:Smtp";

    /// <summary>The SMTP server's host name or address; unset = no email.</summary>
    public string? Host { get; set; }

    /// <summary>The port; unset = 587 with <see cref="UseTls"/>, 25 without.</summary>
    public int? Port { get; set; }

    /// <summary>The sender, an address or <c>"Name &lt;address&gt;"</c>; required when <see cref="Host"/> is set.</summary>
    public string? From { get; set; }

    /// <summary>
    /// Require TLS (default true): TLS from the first byte on port 465, STARTTLS on any other port (refused when
    /// the server does not offer it). False: plain SMTP, no STARTTLS even when offered.
    /// </summary>
    public bool UseTls { get; set; } = true;

    /// <summary>The user name to authenticate with; unset = no authentication.</summary>
    public string? Username { get; set; }

    /// <summary>The password for <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>How long one SMTP conversation (connect to QUIT) may take. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether email is configured (a host is set).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The port actually used.</summary>
    public int EffectivePort => Port ?? (UseTls ? 587 : 25);
}
