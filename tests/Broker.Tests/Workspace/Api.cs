using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>HTTP calls to a test broker with an optional bearer token, for the workspace and ticket suites.</summary>
internal static class Api
{
    /// <summary>Sends <paramref name="body"/> (serialized as JSON; a string is sent verbatim) and returns the response.</summary>
    public static async Task<HttpResponseMessage> SendAsync(BrokerHost broker, HttpMethod method, string path, string? token = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await broker.Http.SendAsync(request, timeout.Token);
    }

    /// <summary>Sends and asserts the status code; returns the JSON body (default when there is none).</summary>
    public static async Task<JsonElement> ExpectAsync(HttpStatusCode expected, BrokerHost broker, HttpMethod method, string path, string? token = null, object? body = null)
    {
        using var response = await SendAsync(broker, method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        if ((int)expected >= 400)
        {
            // Every refusal is an RFC 7807 problem document.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
