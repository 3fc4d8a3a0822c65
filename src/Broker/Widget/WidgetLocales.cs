using Microsoft.Net.Http.Headers;

namespace CustomerChat.Broker.Widget;

/// <summary>Picks the widget language of a request from the supported ones (<see cref="WidgetOptions.EffectiveLocales"/>).</summary>
public static class WidgetLocales
{
    /// <summary>
    /// The first supported language of: the <paramref name="requested"/> tag (<c>de</c>, <c>de-AT</c> → <c>de</c>),
    /// then the <c>Accept-Language</c> entries by quality, then <see cref="WidgetOptions.DefaultLocale"/>.
    /// </summary>
    public static string Resolve(WidgetOptions options, string? requested, string? acceptLanguage)
    {
        ArgumentNullException.ThrowIfNull(options);
        var supported = options.EffectiveLocales;
        if (Match(supported, requested) is { } exact)
        {
            return exact;
        }

        if (!string.IsNullOrWhiteSpace(acceptLanguage) && StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(','), out var entries))
        {
            foreach (var entry in entries.OrderByDescending(e => e.Quality ?? 1))
            {
                if (entry.Quality is not 0 && Match(supported, entry.Value.Value) is { } match)
                {
                    return match;
                }
            }
        }

        return Match(supported, options.DefaultLocale) ?? supported[0];
    }

    private static string? Match(IReadOnlyList<string> supported, string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        tag = tag.Trim();
        foreach (var locale in supported)
        {
            if (string.Equals(locale, tag, StringComparison.OrdinalIgnoreCase))
            {
                return locale;
            }
        }

        var primary = tag.Split('-', '_')[0];
        foreach (var locale in supported)
        {
            if (string.Equals(locale, primary, StringComparison.OrdinalIgnoreCase))
            {
                return locale;
            }
        }

        return null;
    }
}
