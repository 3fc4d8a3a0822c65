namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>Input rules of webhooks, shared by the start-up validation and <c>POST /api/webhooks</c>.</summary>
public static class WebhookRules
{
    /// <summary>The longest URL accepted, in characters.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The longest secret accepted, in characters.</summary>
    public const int MaxSecretLength = 256;

    /// <summary>Whether <paramref name="url"/> is an absolute http or https URL of at most <see cref="MaxUrlLength"/> characters, without user info.</summary>
    public static bool IsHttpUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo);
}
