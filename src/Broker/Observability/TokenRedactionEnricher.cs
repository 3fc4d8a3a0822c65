using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace CustomerChat.Broker.Observability;

/// <summary>
/// Keeps tokens out of the logs, at every level (issue 7). The broker's own log messages never carry a token,
/// but ASP.NET Core's request log does: <c>Request starting HTTP/1.1 GET http://…/ws?access_token=eyJ…</c>
/// (its <c>QueryString</c> property). This enricher runs before any sink and rewrites every string property
/// value, nested ones included: <c>access_token=…</c> (and <c>token=</c>, <c>passcode=</c>) query parameters become
/// <c>access_token=[redacted]</c>, <c>Bearer …</c> becomes <c>Bearer [redacted]</c>, and anything shaped like a JWT
/// (three base64url parts, the first starting <c>eyJ</c>) becomes <c>[redacted-jwt]</c>. Properties named like a
/// secret (<c>access_token</c>, <c>token</c>, <c>passcode</c>, <c>password</c>, <c>authorization</c>) are replaced whole.
/// </summary>
public sealed partial class TokenRedactionEnricher : ILogEventEnricher
{
    /// <summary>What a redacted value becomes.</summary>
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "access_token", "accessToken", "token", "passcode", "password", "authorization", "SigningKey",
    };

    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var redacted = SecretNames.Contains(name) ? new ScalarValue(Redacted) : Redact(value);
            if (!ReferenceEquals(redacted, value))
            {
                (replaced ??= []).Add(new LogEventProperty(name, redacted));
            }
        }

        if (replaced is not null)
        {
            foreach (var property in replaced)
            {
                logEvent.AddOrUpdateProperty(property);
            }
        }
    }

    /// <summary>Redacts tokens in a text; returns the same instance when there is nothing to redact.</summary>
    public static string RedactText(string text)
    {
        // Cheap checks first: most property values hold none of the three shapes.
        if (text.Length < 8 || (!text.Contains('=') && !text.Contains("eyJ", StringComparison.Ordinal)
            && !text.Contains("bearer", StringComparison.OrdinalIgnoreCase)))
        {
            return text;
        }

        var result = QueryToken().Replace(text, "$1" + Redacted);
        result = Bearer().Replace(result, "$1" + Redacted);
        result = Jwt().Replace(result, "[redacted-jwt]");
        return string.Equals(result, text, StringComparison.Ordinal) ? text : result;
    }

    private static LogEventPropertyValue Redact(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                var redactedText = RedactText(text);
                return ReferenceEquals(redactedText, text) ? value : new ScalarValue(redactedText);
            case ScalarValue { Value: Uri uri }:
                var uriText = uri.ToString();
                var redactedUri = RedactText(uriText);
                return ReferenceEquals(redactedUri, uriText) ? value : new ScalarValue(redactedUri);
            case ScalarValue { Value: not null and not ValueType } scalar:
                // An object rendered with ToString() (a QueryString, a PathString…): redact its text form.
                var rendered = scalar.Value.ToString() ?? string.Empty;
                var redactedRendered = RedactText(rendered);
                return ReferenceEquals(redactedRendered, rendered) ? value : new ScalarValue(redactedRendered);
            case SequenceValue sequence:
            {
                var changed = false;
                var items = new LogEventPropertyValue[sequence.Elements.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Redact(sequence.Elements[i]);
                    changed |= !ReferenceEquals(items[i], sequence.Elements[i]);
                }

                return changed ? new SequenceValue(items) : value;
            }

            case StructureValue structure:
            {
                var changed = false;
                var properties = new LogEventProperty[structure.Properties.Count];
                for (var i = 0; i < properties.Length; i++)
                {
                    var property = structure.Properties[i];
                    var redacted = SecretNames.Contains(property.Name) ? new ScalarValue(Redacted) : Redact(property.Value);
                    changed |= !ReferenceEquals(redacted, property.Value);
                    properties[i] = ReferenceEquals(redacted, property.Value) ? property : new LogEventProperty(property.Name, redacted);
                }

                return changed ? new StructureValue(properties, structure.TypeTag) : value;
            }

            case DictionaryValue dictionary:
            {
                var changed = false;
                var pairs = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
                foreach (var (key, element) in dictionary.Elements)
                {
                    var redacted = key.Value is string name && SecretNames.Contains(name) ? new ScalarValue(Redacted) : Redact(element);
                    changed |= !ReferenceEquals(redacted, element);
                    pairs.Add(new(key, redacted));
                }

                return changed ? new DictionaryValue(pairs) : value;
            }

            default:
                return value;
        }
    }

    // ?access_token=… / &token=… / passcode=… up to the next separator.
    [GeneratedRegex(@"((?:access_token|token|passcode|password)=)[^&\s""'#]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryToken();

    [GeneratedRegex(@"(Bearer\s+)[A-Za-z0-9\-_.~+/=]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"eyJ[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}
