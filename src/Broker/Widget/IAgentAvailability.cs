namespace CustomerChat.Broker.Widget;

/// <summary>
/// Whether a customer who starts a chat now would find an agent (docs/protocol.md §18 "Availability").
/// The routing capability implements it from agent status: true when at least one agent whose status is
/// <c>available</c> serves the department (an agent with no departments listed serves every department;
/// <paramref name="departmentId"/> null = any available agent at all).
/// </summary>
public interface IAgentAvailability
{
    /// <summary>True when an agent of that department (null: of any department) is <c>available</c> now.</summary>
    Task<bool> IsAnyAgentAvailableAsync(string? departmentId, CancellationToken ct);
}
