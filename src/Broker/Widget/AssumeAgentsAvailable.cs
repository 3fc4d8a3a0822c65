namespace CustomerChat.Broker.Widget;

/// <summary>The default <see cref="IAgentAvailability"/> until routing provides agent status: always true.</summary>
public sealed class AssumeAgentsAvailable : IAgentAvailability
{
    /// <inheritdoc />
    public Task<bool> IsAnyAgentAvailableAsync(string? departmentId, CancellationToken ct) => Task.FromResult(true);
}
