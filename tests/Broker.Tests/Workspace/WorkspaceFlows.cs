using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>Steps the workspace scenarios share: a customer with a conversation held by an agent, notes, HTTP reads.</summary>
internal static class WorkspaceFlows
{
    /// <summary>A guest token with an email (and optionally a department) from <c>POST /api/auth/guest</c>.</summary>
    public static async Task<TokenInfo> GuestAsync(BrokerHost broker, string name, string? email = null, string? department = null)
    {
        using var response = await broker.Http.PostAsJsonAsync("api/auth/guest", new { name, email, department });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenInfo>(BrokerHost.JsonOptions))!;
    }

    /// <summary>
    /// Connects the customer, has it write <paramref name="firstMessage"/>, and (unless <paramref name="claimBy"/> is
    /// null) has that agent claim the conversation; returns the customer and the conversation id.
    /// </summary>
    public static async Task<(ChatParty Customer, string ConversationId)> OpenAsync(BrokerHost broker, ChatParty? claimBy, TokenInfo customerToken, string firstMessage)
    {
        var customer = await ChatParty.CustomerAsync(broker, token: customerToken);
        await customer.SendAsync("/chat/message", new { message = firstMessage });
        var id = (await customer.WaitForMessageAsync(firstMessage)).GetProperty("conversationId").GetString()!;
        if (claimBy is not null)
        {
            await claimBy.SendAsync("/chat/claim", new { conversationId = id });
            await claimBy.WaitForMessageAsync(firstMessage);
        }

        return (customer, id);
    }

    /// <summary>The <c>message</c> texts of a list of ChatMessages.</summary>
    public static List<string> Texts(IEnumerable<JsonElement> messages) => [.. messages.Select(m => m.GetProperty("message").GetString()!)];

    /// <summary>Every message of the conversation through <c>GET /api/conversations/{id}/messages</c>, page by page.</summary>
    public static async Task<List<JsonElement>> HistoryAsync(BrokerHost broker, string token, string conversationId, int limit = 2)
    {
        var all = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await Api.ExpectAsync(System.Net.HttpStatusCode.OK, broker, HttpMethod.Get,
                $"/api/conversations/{conversationId}/messages?limit={limit}" + (after is null ? "" : "&after=" + after), token);
            all.AddRange(page.GetProperty("messages").EnumerateArray());
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);

        return all;
    }

    /// <summary>GET as text (a transcript), asserting 200.</summary>
    public static async Task<(string Text, string? ContentType)> GetTextAsync(BrokerHost broker, string path, string token)
    {
        using var response = await Api.SendAsync(broker, HttpMethod.Get, path, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return (text, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>The ids of a conversation list.</summary>
    public static HashSet<string> Ids(JsonElement list) => [.. list.EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
}
