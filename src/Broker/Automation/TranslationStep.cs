using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// The <c>translation</c> step (docs/protocol.md §13 "translation"): translates a message into the other
/// party's language (<see cref="MessageDraft.RecipientLocale"/>) through a LibreTranslate-compatible
/// <c>/translate</c> endpoint (<c>CustomerChat:Pipeline:Translation:Url</c>), and puts the result into the draft as a
/// <see cref="MessageTranslation"/>; the text itself is never changed. Skipped when both parties share a language, or
/// when the server detects the message is already in the target language. The call goes through the named
/// <see cref="HttpClientName"/> client and is bounded by <c>Translation:Timeout</c> (2 s); a slow or failed call lets
/// the message pass untranslated (one warning in the log). Answers are cached per (target language, text), at most
/// <c>Translation:CacheSize</c> of them.
/// </summary>
public sealed class TranslationStep : IMessageStep, IDisposable
{
    /// <summary>The step's name in <c>CustomerChat:Pipeline:Steps</c>.</summary>
    public const string StepName = "translation";

    /// <summary>The name of the <see cref="HttpClient"/> (through <see cref="IHttpClientFactory"/>) the step uses.</summary>
    public const string HttpClientName = "CustomerChat.Translation";

    private readonly IHttpClientFactory _httpClients;
    private readonly TranslationOptions _options;
    private readonly Uri? _url;
    private readonly AutomationMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<TranslationStep> _logger;
    private readonly MemoryCache _cache;

    /// <summary>Reads <c>CustomerChat:Pipeline:Translation</c>.</summary>
    public TranslationStep(IHttpClientFactory httpClients, IOptions<TranslationOptions> options, AutomationMetrics metrics,
        TimeProvider time, ILogger<TranslationStep> logger)
    {
        _httpClients = httpClients;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _options.CacheSize) });
        if (Uri.TryCreate(_options.Url, UriKind.Absolute, out var url))
        {
            _url = url;
            AutomationLog.TranslationConfigured(logger, $"{url.Scheme}://{url.Authority}{url.AbsolutePath}",
                _options.Timeout.TotalMilliseconds, _options.CacheSize);
        }
    }

    /// <inheritdoc />
    public string Name => StepName;

    /// <summary>The primary language of a BCP 47 tag, lower case: <c>de-AT</c> → <c>de</c>; blank → <c>en</c>.</summary>
    public static string LanguageOf(string? locale)
    {
        var tag = locale.AsSpan().Trim();
        var end = tag.IndexOfAny('-', '_');
        var primary = end < 0 ? tag : tag[..end];
        return primary.IsEmpty ? "en" : primary.ToString().ToLowerInvariant();
    }

    /// <inheritdoc />
    public async ValueTask<StepResult> ProcessAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        var target = LanguageOf(draft.RecipientLocale);
        if (_url is null || target == LanguageOf(draft.SenderLocale))
        {
            _metrics.Translation("same_language");
            return StepResult.Pass;
        }

        var key = new CacheKey(target, draft.Text);
        if (_cache.TryGetValue(key, out CachedTranslation? cached) && cached is not null)
        {
            _metrics.Translation("cached");
            Attach(draft, target, cached.Text);
            return StepResult.Pass;
        }

        var translated = await TranslateAsync(draft.Text, target, cancellationToken).ConfigureAwait(false);
        if (translated is not null)
        {
            _cache.Set(key, translated, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _options.CacheDuration });
            Attach(draft, target, translated.Text);
        }

        return StepResult.Pass;
    }

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();

    private static void Attach(MessageDraft draft, string target, string? text)
    {
        if (text is not null)
        {
            draft.Properties[MessageTranslation.PropertyKey] = new MessageTranslation(target, text);
        }
    }

    /// <summary>The server's answer (its <c>Text</c> null when no translation is needed), or null when the call failed.</summary>
    private async Task<CachedTranslation?> TranslateAsync(string text, string target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = _httpClients.CreateClient(HttpClientName);
            var request = new LibreTranslateRequest(text, "auto", target, "text", string.IsNullOrEmpty(_options.ApiKey) ? null : _options.ApiKey);
            using var response = await client.PostAsJsonAsync(_url, request, AutomationJsonContext.Default.LibreTranslateRequest, linked.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _metrics.Translation("failed");
                AutomationLog.TranslationHttpError(_logger, target, (int)response.StatusCode);
                return null;
            }

            var answer = await response.Content.ReadFromJsonAsync(AutomationJsonContext.Default.LibreTranslateResponse, linked.Token)
                .ConfigureAwait(false);
            _metrics.Translation("translated");
            var needed = !string.IsNullOrEmpty(answer?.TranslatedText)
                && !string.Equals(answer.TranslatedText, text, StringComparison.Ordinal)
                && !string.Equals(LanguageOf(answer.DetectedLanguage?.Language ?? "und"), target, StringComparison.Ordinal);
            return new CachedTranslation(needed ? answer!.TranslatedText : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _metrics.Translation("timeout");
            AutomationLog.TranslationTimeout(_logger, target, _options.Timeout.TotalMilliseconds);
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException)
        {
            _metrics.Translation("failed");
            AutomationLog.TranslationFailed(_logger, target, ex.GetType().Name + ": " + ex.Message);
            return null;
        }
    }

    private readonly record struct CacheKey(string Target, string Text);

    private sealed record CachedTranslation(string? Text);
}
