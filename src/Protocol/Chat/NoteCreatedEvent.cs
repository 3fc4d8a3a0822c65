using System.Text.Json.Serialization;


namespace CustomerChat.Protocol.Chat;

/// <summary>
/// <c>{"type": "note.created", "note": ChatMessage}</c> on <c>/chat/topic/support</c> (agents only;
/// docs/protocol.md §14 "Private notes"); the note has <c>"private": true</c>.
/// </summary>
/// <param name="Note">The note as stored (with its id).</param>
public sealed record NoteCreatedEvent(ChatMessageView Note)
{
    /// <summary>Always <c>note.created</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "note.created";
}
