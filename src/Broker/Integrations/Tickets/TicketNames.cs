namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>The wire names of <see cref="TicketStatus"/> and <see cref="TicketPriority"/>, both ways (exact, lower case).</summary>
public static class TicketNames
{
    /// <summary><c>open</c>, <c>in_progress</c> or <c>resolved</c>.</summary>
    public static string Of(TicketStatus status) => status switch
    {
        TicketStatus.Open => "open",
        TicketStatus.InProgress => "in_progress",
        TicketStatus.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary><c>low</c>, <c>normal</c> or <c>high</c>.</summary>
    public static string Of(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => "low",
        TicketPriority.Normal => "normal",
        TicketPriority.High => "high",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };

    /// <summary>Reads a status name; false for anything else (wrong case included).</summary>
    public static bool TryParseStatus(string? text, out TicketStatus status)
    {
        (var ok, status) = text switch
        {
            "open" => (true, TicketStatus.Open),
            "in_progress" => (true, TicketStatus.InProgress),
            "resolved" => (true, TicketStatus.Resolved),
            _ => (false, TicketStatus.Open),
        };
        return ok;
    }

    /// <summary>Reads a priority name; false for anything else (wrong case included).</summary>
    public static bool TryParsePriority(string? text, out TicketPriority priority)
    {
        (var ok, priority) = text switch
        {
            "low" => (true, TicketPriority.Low),
            "normal" => (true, TicketPriority.Normal),
            "high" => (true, TicketPriority.High),
            _ => (false, TicketPriority.Normal),
        };
        return ok;
    }
}
