using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>One change of a conversation, as <see cref="IConversationObserver"/>s hear of it.</summary>
/// <param name="Kind">One of the <see cref="ConversationChangeKinds"/>.</param>
/// <param name="Conversation">The conversation after the change.</param>
/// <param name="AssignedBy">For an assignment: <c>agent</c> (a claim by hand) or <c>auto</c> (routing); else null.</param>
/// <param name="FromAgent">For a transfer or re-queue: the agent it left; else null.</param>
public sealed record ConversationChange(string Kind, ConversationView Conversation, string? AssignedBy = null, string? FromAgent = null);

/// <summary>The <see cref="ConversationChange.Kind"/> values.</summary>
public static class ConversationChangeKinds
{
#pragma warning disable CS1591 // Each constant is the change it names.
    public const string Created = "created";
    public const string Assigned = "assigned";
    public const string Transferred = "transferred";
    public const string Closed = "closed";
    public const string Rated = "rated";
    public const string Requeued = "requeued";
    public const string DepartmentChosen = "department";
    public const string Labelled = "labelled";

    /// <summary>
    /// The conversation (closed, past its retention) and its history were deleted; the observer forgets whatever it
    /// keeps about it. <see cref="ConversationChange.Conversation"/> is the conversation as it was last stored.
    /// </summary>
    public const string Removed = "removed";
#pragma warning restore CS1591
}
