using System.Text.Json;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>
/// Reads and validates ticket request bodies (docs/protocol.md §17). Each parser returns the value or a
/// sentence for the 400 problem's <c>detail</c>. Unknown fields are ignored. Pure.
/// </summary>
public static class TicketRequests
{
    /// <summary>The longest subject, in code points.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>The longest description, in code points.</summary>
    public const int MaxDescriptionLength = 10_000;

    /// <summary>The longest conversation id or assignee accepted, in characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Reads <c>{"conversationId"?, "subject", "description"?, "priority"?}</c>.</summary>
    public static (TicketDraft? Draft, string? Error) ParseCreate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object.");
        }

        var subject = OptionalString(body, "subject", out var error)?.Trim();
        if (error is not null)
        {
            return (null, error);
        }

        if (string.IsNullOrEmpty(subject) || CodePoints(subject) > MaxSubjectLength)
        {
            return (null, $"subject must be 1 to {MaxSubjectLength} characters and not only white space.");
        }

        var description = OptionalString(body, "description", out error);
        if (error is not null || (description is not null && CodePoints(description) > MaxDescriptionLength))
        {
            return (null, error ?? $"description must be at most {MaxDescriptionLength} characters.");
        }

        var priority = TicketPriority.Normal;
        var priorityText = OptionalString(body, "priority", out error);
        if (error is not null || (priorityText is not null && !TicketNames.TryParsePriority(priorityText, out priority)))
        {
            return (null, "priority must be \"low\", \"normal\" or \"high\".");
        }

        var conversationId = OptionalString(body, "conversationId", out error);
        if (error is not null || conversationId is { Length: 0 or > MaxIdLength })
        {
            return (null, error ?? "conversationId must be a conversation id.");
        }

        return (new TicketDraft(subject, string.IsNullOrEmpty(description) ? null : description, priority, conversationId), null);
    }

    /// <summary>
    /// Reads <c>{"status"?, "assignee"?, "priority"?}</c>; <paramref name="isAgent"/> says whether an assignee names an agent.
    /// </summary>
    public static (TicketPatch? Patch, string? Error) ParsePatch(JsonElement body, Func<string, bool> isAgent)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object.");
        }

        TicketStatus? status = null;
        if (body.TryGetProperty("status", out var statusValue))
        {
            if (statusValue.ValueKind != JsonValueKind.String || !TicketNames.TryParseStatus(statusValue.GetString(), out var parsed))
            {
                return (null, "status must be \"open\", \"in_progress\" or \"resolved\".");
            }

            status = parsed;
        }

        TicketPriority? priority = null;
        if (body.TryGetProperty("priority", out var priorityValue))
        {
            if (priorityValue.ValueKind != JsonValueKind.String || !TicketNames.TryParsePriority(priorityValue.GetString(), out var parsed))
            {
                return (null, "priority must be \"low\", \"normal\" or \"high\".");
            }

            priority = parsed;
        }

        var setsAssignee = body.TryGetProperty("assignee", out var assigneeValue);
        string? assignee = null;
        if (setsAssignee && assigneeValue.ValueKind != JsonValueKind.Null)
        {
            assignee = assigneeValue.ValueKind == JsonValueKind.String ? assigneeValue.GetString() : null;
            if (assigneeValue.ValueKind != JsonValueKind.String || assignee!.Length > MaxIdLength)
            {
                return (null, "assignee must be an agent's username, or null to unassign.");
            }

            if (assignee.Length == 0)
            {
                assignee = null;
            }
            else if (!isAgent(assignee))
            {
                return (null, $"assignee '{assignee}' is not an agent.");
            }
        }

        return (new TicketPatch(status, setsAssignee, assignee, priority), null);
    }

    private static string? OptionalString(JsonElement body, string name, out string? error)
    {
        error = null;
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string.";
            return null;
        }

        return value.GetString();
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
