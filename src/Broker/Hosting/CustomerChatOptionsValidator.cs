using System.Text;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Hosting;

/// <summary>
/// Start-up checks of <see cref="CustomerChatOptions"/>: outside Development a missing or short signing
/// key stops the start-up with a message that says what to set (docs/protocol.md §9); limits must be positive.
/// </summary>
public sealed class CustomerChatOptionsValidator(IHostEnvironment environment) : IValidateOptions<CustomerChatOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CustomerChatOptions options)
    {
        var failures = new List<string>();
        var key = options.Auth.SigningKey;
        if (!environment.IsDevelopment() && (string.IsNullOrEmpty(key) || Encoding.UTF8.GetByteCount(key) < SigningKey.MinimumBytes))
        {
            failures.Add($"CustomerChat:Auth:SigningKey must be set to at least {SigningKey.MinimumBytes} bytes outside Development " +
                "(e.g. environment variable CustomerChat__Auth__SigningKey=$(openssl rand -base64 48)). Instances that share Redis must share the key.");
        }

        var limits = options.Limits;
        foreach (var (value, setting) in new[]
        {
            (limits.MaxFrameBytes, nameof(limits.MaxFrameBytes)), (limits.MaxHeaders, nameof(limits.MaxHeaders)),
            (limits.MaxHeaderLineBytes, nameof(limits.MaxHeaderLineBytes)), (limits.MaxSubscriptionsPerConnection, nameof(limits.MaxSubscriptionsPerConnection)),
            (limits.MaxConnectionsPerUser, nameof(limits.MaxConnectionsPerUser)), (limits.MaxConnectionsPerAddress, nameof(limits.MaxConnectionsPerAddress)),
            (limits.SendsPerSecondPerConnection, nameof(limits.SendsPerSecondPerConnection)), (limits.OutboundQueueBytes, nameof(limits.OutboundQueueBytes)),
            (limits.OutboundQueueFrames, nameof(limits.OutboundQueueFrames)), (limits.AuthRequestsPerMinutePerAddress, nameof(limits.AuthRequestsPerMinutePerAddress)),
            (limits.DefaultPrefetchCount, nameof(limits.DefaultPrefetchCount)),
        })
        {
            if (value <= 0)
            {
                failures.Add($"CustomerChat:Limits:{setting} must be positive (it is {value}).");
            }
        }

        if (limits.MaxWebSocketMessageBytes < 0)
        {
            failures.Add($"CustomerChat:Limits:MaxWebSocketMessageBytes must be 0 (twice MaxFrameBytes) or positive (it is {limits.MaxWebSocketMessageBytes}).");
        }

        if (options.Auth.TokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("CustomerChat:Auth:TokenLifetime must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
