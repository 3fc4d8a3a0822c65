namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// Where canned responses live: in memory on a single instance, in Redis when Redis is configured
/// (docs/protocol.md §14). Short codes are unique: a write that would give two responses the same short
/// code changes nothing and answers <see cref="CannedWriteOutcome.DuplicateShortCode"/>, atomically, across
/// every instance. Callers validate the fields first (<see cref="CannedResponseRules"/>).
/// </summary>
public interface ICannedResponseStore
{
    /// <summary>Every canned response, ordered by short code (ordinal).</summary>
    Task<IReadOnlyList<CannedResponse>> ListAsync(CancellationToken ct);

    /// <summary>The canned response with <paramref name="id"/>, or null.</summary>
    Task<CannedResponse?> GetAsync(string id, CancellationToken ct);

    /// <summary>Adds <paramref name="response"/> (its id is new): <see cref="CannedWriteOutcome.Done"/> or <see cref="CannedWriteOutcome.DuplicateShortCode"/>.</summary>
    Task<CannedWriteOutcome> CreateAsync(CannedResponse response, CancellationToken ct);

    /// <summary>Replaces the short code and content of the response with <paramref name="response"/>'s id: Done, DuplicateShortCode or NotFound.</summary>
    Task<CannedWriteOutcome> ReplaceAsync(CannedResponse response, CancellationToken ct);

    /// <summary>Removes the response (its short code becomes free): Done or NotFound.</summary>
    Task<CannedWriteOutcome> DeleteAsync(string id, CancellationToken ct);
}
