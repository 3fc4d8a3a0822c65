using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>
/// The base of the routing suite (docs/protocol.md §12): how to start one broker, or two on one shared store,
/// in this mode; plus helpers. Every broker runs <c>Mode=auto</c> unless a test says otherwise.
/// </summary>
public abstract class RoutingScenarioBase
{
    /// <summary>The password of every configured test agent.</summary>
    protected const string Password = "demo";

    private static readonly Lazy<string> PasswordHash = new(() => AgentDirectory.HashPassword(Password));

    /// <summary>Starts a broker of this mode with extra settings.</summary>
    protected abstract Task<BrokerHost> StartBrokerAsync(params string[] settings);

    /// <summary>Starts two brokers sharing one store (on Redis two instances; in memory the same broker twice).</summary>
    protected abstract Task<BrokerPair> StartPairAsync(params string[] settings);

    /// <summary>Starts a broker in auto mode with the settings.</summary>
    protected Task<BrokerHost> StartAutoAsync(params string[] settings) => StartBrokerAsync(["CustomerChat:Routing:Mode=auto", .. settings]);

    /// <summary>Settings configuring agents (password <see cref="Password"/>): id, capacity (null = default), departments.</summary>
    protected static string[] Agents(params (string Id, int? Capacity, string[] Departments)[] agents)
    {
        var settings = new List<string>();
        for (var i = 0; i < agents.Length; i++)
        {
            var (id, capacity, departments) = agents[i];
            settings.Add($"CustomerChat:Agents:{i}:Username={id}");
            settings.Add($"CustomerChat:Agents:{i}:DisplayName={char.ToUpperInvariant(id[0])}{id[1..]}");
            settings.Add($"CustomerChat:Agents:{i}:PasswordHash={PasswordHash.Value}");
            if (capacity is { } c)
            {
                settings.Add($"CustomerChat:Agents:{i}:Capacity={c}");
            }

            for (var d = 0; d < departments.Length; d++)
            {
                settings.Add($"CustomerChat:Agents:{i}:Departments:{d}={departments[d]}");
            }
        }

        return [.. settings];
    }

    /// <summary>Settings configuring departments by id.</summary>
    protected static string[] Departments(params string[] ids) =>
        [.. ids.SelectMany((id, i) => new[] { $"CustomerChat:Departments:{i}:Id={id}", $"CustomerChat:Departments:{i}:Name={id.ToUpperInvariant()}" })];

    /// <summary>A guest with a department on its token, connected.</summary>
    protected static async Task<ChatParty> CustomerInAsync(BrokerHost broker, string name, string department)
    {
        using var response = await broker.Http.PostAsJsonAsync("api/auth/guest", new { name, department });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenInfo>(BrokerHost.JsonOptions))!;
        return await ChatParty.CustomerAsync(broker, name, token);
    }

    /// <summary>
    /// Waits for the customer's <c>conversation.state</c> with reason <c>claimed</c> (or, when it was assigned before the
    /// customer subscribed, the first state with the conversation active) and returns the conversation.
    /// </summary>
    protected static async Task<JsonElement> AssignedAsync(ChatParty customer, TimeSpan? timeout = null) =>
        (await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => Reason(e) == "claimed"
            || (Reason(e) is null && e.GetProperty("conversation") is { ValueKind: JsonValueKind.Object } c && c.GetProperty("state").GetString() == "active"), timeout))
        .GetProperty("conversation");

    /// <summary>Waits for the customer's <c>queue.position</c> with this position.</summary>
    protected static Task<JsonElement> PositionAsync(ChatParty customer, int position) =>
        customer.WaitForAsync(ChatParty.Events, "queue.position", e => e.GetProperty("position").GetInt32() == position);

    /// <summary>The conversations as <c>GET /api/conversations</c> lists them for an agent.</summary>
    protected static async Task<List<JsonElement>> ListAsync(BrokerHost broker, ChatParty agent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agent.Token.Token);
        using var response = await broker.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    /// <summary>A body's <c>reason</c>, or null.</summary>
    protected static string? Reason(JsonElement e) => e.TryGetProperty("reason", out var r) ? r.GetString() : null;

    /// <summary>The <c>conversation.id</c> of an event.</summary>
    protected static string ConversationId(JsonElement e) => e.GetProperty("conversation").GetProperty("id").GetString()!;

    /// <summary>The id of the customer's open conversation, from the state it was sent.</summary>
    protected static async Task<string> OpenConversationAsync(ChatParty customer) =>
        (await customer.WaitForAsync(ChatParty.Events, "conversation.state", e => e.GetProperty("conversation").ValueKind == JsonValueKind.Object))
            .GetProperty("conversation").GetProperty("id").GetString()!;
}
