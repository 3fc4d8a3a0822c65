using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>Where a ticket stands (docs/protocol.md §17): JSON <c>open</c>, <c>in_progress</c>, <c>resolved</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TicketStatus>))]
public enum TicketStatus
{
    /// <summary><c>open</c>: new or reopened, nobody works on it yet.</summary>
    [JsonStringEnumMemberName("open")]
    Open,

    /// <summary><c>in_progress</c>: someone works on it.</summary>
    [JsonStringEnumMemberName("in_progress")]
    InProgress,

    /// <summary><c>resolved</c>: done; it may be reopened.</summary>
    [JsonStringEnumMemberName("resolved")]
    Resolved,
}
