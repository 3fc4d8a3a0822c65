namespace CustomerChat.Broker.Workspace.CannedResponses;

/// <summary>What a store write did.</summary>
public enum CannedWriteOutcome
{
    /// <summary>Created, replaced or deleted.</summary>
    Done,

    /// <summary>Another canned response already has the short code (HTTP 409).</summary>
    DuplicateShortCode,

    /// <summary>No canned response has the id (HTTP 404).</summary>
    NotFound,
}
