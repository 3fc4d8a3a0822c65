using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// One chat command destination (<c>/chat/claim</c>, …; docs/protocol.md §5–6): reads the SEND's
/// JSON body as <typeparamref name="T"/> (unknown fields ignored; a missing or mistyped field named in the
/// <c>invalid</c> refusal) and hands it with the sender to the command. The same command serves the HTTP door.
/// </summary>
/// <typeparam name="T">The request shape, from <c>CustomerChat.Protocol.Chat</c>.</typeparam>
public sealed class ChatCommandHandler<T>(string destination, JsonTypeInfo<T> type, Func<UserIdentity, T, Task<Refusal?>> command, bool allowEmpty = false) : ISendHandler
    where T : class
{
    /// <inheritdoc />
    public string Destination { get; } = destination;

    /// <inheritdoc />
    public async ValueTask<Refusal?> HandleAsync(StompSession session, StompFrame frame)
    {
        T? request;
        if (frame.Body.IsEmpty && allowEmpty)
        {
            request = JsonSerializer.Deserialize("{}"u8, type);
        }
        else
        {
            try
            {
                request = JsonSerializer.Deserialize(frame.Body.Span, type);
            }
            catch (JsonException ex)
            {
                return Refusal.Invalid(Destination, DescribeJsonError(ex));
            }
        }

        return request is null
            ? Refusal.Invalid(Destination, "The body must be a JSON object.")
            : await command(session.User!, request).ConfigureAwait(false);
    }

    private static string DescribeJsonError(JsonException ex)
    {
        var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is null
            ? "The body is not valid JSON."
            : $"'{field}' has the wrong type or is malformed.";
    }
}
