namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>
/// Canned responses of a single instance, in memory (lost on restart). One lock guards the responses and the
/// short-code index together, so the uniqueness check and the write are one step.
/// </summary>
public sealed class InMemoryCannedResponseStore : ICannedResponseStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CannedResponse> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByShortCode = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<CannedResponse>> ListAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            IReadOnlyList<CannedResponse> list = [.. _byId.Values.OrderBy(r => r.ShortCode, StringComparer.Ordinal)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<CannedResponse?> GetAsync(string id, CancellationToken ct)
    {
        lock (_lock)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task<CannedWriteOutcome> CreateAsync(CannedResponse response, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_idByShortCode.ContainsKey(response.ShortCode))
            {
                return Task.FromResult(CannedWriteOutcome.DuplicateShortCode);
            }

            _byId[response.Id] = response;
            _idByShortCode[response.ShortCode] = response.Id;
            return Task.FromResult(CannedWriteOutcome.Done);
        }
    }

    /// <inheritdoc />
    public Task<CannedWriteOutcome> ReplaceAsync(CannedResponse response, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(response.Id, out var current))
            {
                return Task.FromResult(CannedWriteOutcome.NotFound);
            }

            if (_idByShortCode.TryGetValue(response.ShortCode, out var owner) && owner != response.Id)
            {
                return Task.FromResult(CannedWriteOutcome.DuplicateShortCode);
            }

            _idByShortCode.Remove(current.ShortCode);
            _idByShortCode[response.ShortCode] = response.Id;
            _byId[response.Id] = response;
            return Task.FromResult(CannedWriteOutcome.Done);
        }
    }

    /// <inheritdoc />
    public Task<CannedWriteOutcome> DeleteAsync(string id, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_byId.Remove(id, out var current))
            {
                return Task.FromResult(CannedWriteOutcome.NotFound);
            }

            _idByShortCode.Remove(current.ShortCode);
            return Task.FromResult(CannedWriteOutcome.Done);
        }
    }
}
