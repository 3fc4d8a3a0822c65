using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Reads an HTTP door's JSON body as the STOMP handlers read a SEND's (<see cref="ChatCommandHandler{T}"/>): unknown
/// fields ignored, a mistyped field named in the <c>invalid</c> refusal, an empty body allowed where the STOMP
/// destination allows one.
/// </summary>
internal static class DoorBody
{
    /// <summary>The largest body read, in bytes (a 4,000 code point message is at most 16,000 bytes of UTF-8, plus JSON).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body as <typeparamref name="T"/>, or the refusal on <paramref name="destination"/>.</summary>
    public static async Task<(T? Body, Refusal? Refusal)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type, string destination, bool allowEmpty = false)
        where T : class
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Refusal.Invalid(destination, $"The body is larger than {MaxBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.IsEmpty)
        {
            return allowEmpty
                ? (JsonSerializer.Deserialize("{}"u8, type), null)
                : (null, Refusal.Invalid(destination, "The body must be a JSON object."));
        }

        try
        {
            var body = JsonSerializer.Deserialize(bytes.Span, type);
            return body is null ? (null, Refusal.Invalid(destination, "The body must be a JSON object.")) : (body, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            return (null, Refusal.Invalid(destination, field is null ? "The body is not valid JSON." : $"'{field}' has the wrong type or is malformed."));
        }
    }
}
