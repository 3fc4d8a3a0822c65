namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>
/// Data another capability keeps about a customer, erased with it by <c>DELETE /api/customers/{id}</c>
/// (docs/protocol.md §14 "Data protection"). Every registered eraser runs after the conversations and tickets
/// are gone; register one per store that keys or holds customer ids.
/// </summary>
public interface ICustomerDataEraser
{
    /// <summary>Removes what this store keeps about <paramref name="customerId"/>; no-op when nothing.</summary>
    Task EraseAsync(string customerId, CancellationToken ct);
}
