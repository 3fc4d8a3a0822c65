using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Hosting;
using CustomerChat.Broker.Integrations.Webhooks;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Integrations;

/// <summary>HTTP calls to the integration API with a bearer token or an API key, and the settings tests use.</summary>
public static class IntegrationApi
{
    /// <summary>The API key the tests configure (as <see cref="ApiKeyName"/>).</summary>
    public const string ApiKey = "ck_test_3f9d2a7c5b1e4f60a8d7c6b5a4f3e2d1";

    /// <summary>The configured name of <see cref="ApiKey"/>.</summary>
    public const string ApiKeyName = "crm";

    private static readonly Lazy<string> KeyHash = new(() =>
    {
        // The hash comes from the broker's own hash-password command, as an operator would make it.
        var output = new StringWriter();
        Assert.Equal(0, HashPasswordCommand.Run([ApiKey], TextReader.Null, output, TextWriter.Null));
        return output.ToString().Trim();
    });

    /// <summary>Settings that configure <see cref="ApiKey"/>.</summary>
    public static string[] ApiKeySettings =>
        [$"CustomerChat:ApiKeys:0:Name={ApiKeyName}", $"CustomerChat:ApiKeys:0:KeyHash={KeyHash.Value}"];

    /// <summary>Settings for configured webhook number <paramref name="index"/>.</summary>
    public static string[] ConfiguredWebhook(int index, string url, string secret, params string[] events) =>
    [
        $"CustomerChat:Webhooks:{index}:Url={url}",
        $"CustomerChat:Webhooks:{index}:Secret={secret}",
        .. events.Select((e, i) => $"CustomerChat:Webhooks:{index}:Events:{i}={e}"),
    ];

    /// <summary>A request with <c>Authorization: Bearer</c>.</summary>
    public static HttpRequestMessage WithToken(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    /// <summary>A request with <c>X-Api-Key</c>.</summary>
    public static HttpRequestMessage WithKey(HttpMethod method, string path, string key, object? body = null)
    {
        var request = WithToken(method, path, null, body);
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    /// <summary>Sends and returns status and parsed JSON body (default when empty).</summary>
    public static async Task<(int Status, JsonElement Body, string? ContentType)> SendAsync(this BrokerHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await host.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var json = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
            return ((int)response.StatusCode, json, response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>Creates a managed webhook as the API key; returns its id.</summary>
    public static async Task<string> CreateWebhookAsync(this BrokerHost host, string url, string secret, params string[] events)
    {
        var (status, body, _) = await host.SendAsync(WithKey(HttpMethod.Post, "api/webhooks", ApiKey, new { url, secret, events }));
        Assert.True(status == 201, $"POST /api/webhooks answered {status}: {body}");
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>The webhook's deliveries log, as the API key.</summary>
    public static async Task<JsonElement> DeliveriesAsync(this BrokerHost host, string webhookId)
    {
        var (status, body, _) = await host.SendAsync(WithKey(HttpMethod.Get, $"api/webhooks/{webhookId}/deliveries", ApiKey));
        Assert.Equal(200, status);
        return body;
    }

    /// <summary>Publishes an event through the host's <see cref="IWebhookPublisher"/> (white-box: the chat wires its events later).</summary>
    public static async Task PublishAsync(this BrokerHost host, string type, object data)
    {
        var publisher = host.Services.GetRequiredService<IWebhookPublisher>();
        await publisher.PublishAsync(type, JsonSerializer.SerializeToElement(data, BrokerHost.JsonOptions));
    }
}
