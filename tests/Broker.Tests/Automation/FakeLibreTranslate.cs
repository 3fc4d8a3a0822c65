using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary>
/// A small real HTTP server (Kestrel on 127.0.0.1, port 0) that speaks LibreTranslate's documented <c>POST /translate</c>
/// contract: JSON <c>{q, source, target, format, api_key?}</c> → 200 <c>{translatedText, detectedLanguage: {confidence,
/// language}}</c> (detection only with <c>source: auto</c>), 400 <c>{error}</c> for a bad request, 403 for a wrong API
/// key. It knows a few phrases; anything else comes back as <c>[target] text</c>. It can also be slow (answers after
/// <see cref="SlowAnswer"/>) or failing (500 <c>{error}</c>). It counts calls and keeps every request body.
/// </summary>
public sealed class FakeLibreTranslate : IAsyncDisposable
{
    /// <summary>How long the slow server takes to answer: far past the step's 2 s timeout.</summary>
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<(string Text, string Target), string> Phrases = new()
    {
        [("Hallo, ich brauche Hilfe", "en")] = "Hello, I need help",
        [("How can I help you?", "de")] = "Wie kann ich Ihnen helfen?",
        [("How can I help you?", "fr")] = "Comment puis-je vous aider ?",
    };

    private static readonly string[] GermanWords = ["hallo", "ich", "brauche", "hilfe", "danke", "bitte", "und", "der", "die", "das"];

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonElement> _requests = new();
    private int _calls;

    private FakeLibreTranslate(WebApplication app) => _app = app;

    /// <summary>How the server answers.</summary>
    public enum Behaviour
    {
        /// <summary>Translates at once.</summary>
        Translate,

        /// <summary>Translates after <see cref="SlowAnswer"/>.</summary>
        Slow,

        /// <summary>500 with <c>{"error"}</c>.</summary>
        Fail,
    }

    /// <summary>The <c>/translate</c> endpoint's URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>How many requests reached <c>/translate</c>.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Every request body, in order of arrival.</summary>
    public IReadOnlyCollection<JsonElement> Requests => _requests;

    /// <summary>Starts a server with <paramref name="behaviour"/> that wants <paramref name="apiKey"/> when given.</summary>
    public static async Task<FakeLibreTranslate> StartAsync(Behaviour behaviour = Behaviour.Translate, string? apiKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeLibreTranslate(app);
        app.MapPost("/translate", (Delegate)((HttpContext http) => server.TranslateAsync(http, behaviour, apiKey)));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.TrimEnd('/') + "/translate");
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
    }

    private async Task<IResult> TranslateAsync(HttpContext http, Behaviour behaviour, string? apiKey)
    {
        Interlocked.Increment(ref _calls);
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var request = body.RootElement.Clone();
        _requests.Enqueue(request);

        if (behaviour == Behaviour.Fail)
        {
            return Results.Json(new { error = "Translation engine crashed" }, statusCode: StatusCodes.Status500InternalServerError);
        }

        if (behaviour == Behaviour.Slow)
        {
            await Task.Delay(SlowAnswer, http.RequestAborted); // the slow server itself; ends early when the client gives up
        }

        var q = Text(request, "q");
        var source = Text(request, "source");
        var target = Text(request, "target");
        var format = Text(request, "format") ?? "text";
        if (string.IsNullOrEmpty(q))
        {
            return Results.Json(new { error = "Invalid request: missing q parameter" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(target))
        {
            return Results.Json(new { error = "Invalid request: missing source or target parameter" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (format is not ("text" or "html"))
        {
            return Results.Json(new { error = $"{format} format is not supported" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (apiKey is not null && Text(request, "api_key") != apiKey)
        {
            return Results.Json(new { error = "Invalid API key" }, statusCode: StatusCodes.Status403Forbidden);
        }

        var detected = source == "auto" ? Detect(q) : source;
        var translated = detected == target ? q : Phrases.GetValueOrDefault((q, target), $"[{target}] {q}");
        return source == "auto"
            ? Results.Json(new { detectedLanguage = new { confidence = 90.0, language = detected }, translatedText = translated })
            : Results.Json(new { translatedText = translated });
    }

    private static string Detect(string text) =>
        text.Split([' ', ',', '.', '!', '?'], StringSplitOptions.RemoveEmptyEntries).Any(w => GermanWords.Contains(w.ToLowerInvariant())) ? "de" : "en";

    private static string? Text(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
