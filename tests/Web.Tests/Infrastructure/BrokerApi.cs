using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CustomerChat.Web.Tests.Infrastructure;

/// <summary>The broker's HTTP API, for checks the pages do not show (e.g. a stored rating).</summary>
public static class BrokerApi
{
    /// <summary>POST /api/auth/login; returns the token.</summary>
    public static async Task<string> LoginAsync(Uri baseUrl, string username, string password = "demo")
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { username, password });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString() ?? throw new InvalidOperationException("login answered without a token");
    }

    /// <summary>GET /api/conversations as an agent; returns the conversation with that id, or null.</summary>
    public static async Task<JsonElement?> GetConversationAsync(Uri baseUrl, string agentToken, string conversationId)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agentToken);
        var text = await http.GetStringAsync(new Uri("/api/conversations", UriKind.Relative));
        using var body = JsonDocument.Parse(text);
        var list = body.RootElement.ValueKind == JsonValueKind.Array ? body.RootElement : body.RootElement.GetProperty("conversations");
        foreach (var conversation in list.EnumerateArray())
        {
            if (conversation.GetProperty("id").GetString() == conversationId)
            {
                return conversation.Clone();
            }
        }

        return null;
    }
}
