using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>
/// Start-up checks of <c>CustomerChat:Pipeline</c>: every listed step exists (the message names the known ones),
/// no step is listed twice, the spam limits are sensible, and a listed <c>translation</c> step has an absolute
/// http(s) <c>Url</c>, a positive timeout and cache size.
/// </summary>
public sealed class PipelineOptionsValidator(IEnumerable<IMessageStep> steps, IOptions<SpamOptions> spam, IOptions<TranslationOptions> translation)
    : IValidateOptions<PipelineOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var failures = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!known.Add(step.Name))
            {
                failures.Add($"Two message pipeline steps are registered under the name '{step.Name}'.");
            }
        }

        var listed = options.EffectiveSteps;
        foreach (var step in listed)
        {
            if (!known.Contains(step))
            {
                failures.Add(UnknownStepMessage(step, known));
            }
        }

        foreach (var twice in listed.GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"CustomerChat:Pipeline:Steps lists the step '{twice.Key}' more than once.");
        }

        var spamOptions = spam.Value;
        if (spamOptions.MaxLinks < 0)
        {
            failures.Add($"CustomerChat:Pipeline:Spam:MaxLinks must be 0 or more (it is {spamOptions.MaxLinks}).");
        }

        if (spamOptions.RepeatWindow <= TimeSpan.Zero)
        {
            failures.Add($"CustomerChat:Pipeline:Spam:RepeatWindow must be positive (it is {spamOptions.RepeatWindow}).");
        }

        if (listed.Contains(TranslationStep.StepName, StringComparer.Ordinal))
        {
            var settings = translation.Value;
            if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add("The 'translation' step needs CustomerChat:Pipeline:Translation:Url set to an absolute http(s) URL of a " +
                    $"LibreTranslate-compatible /translate endpoint (it is '{settings.Url}').");
            }

            if (settings.Timeout <= TimeSpan.Zero)
            {
                failures.Add($"CustomerChat:Pipeline:Translation:Timeout must be positive (it is {settings.Timeout}).");
            }

            if (settings.CacheSize <= 0)
            {
                failures.Add($"CustomerChat:Pipeline:Translation:CacheSize must be positive (it is {settings.CacheSize}).");
            }

            if (settings.CacheDuration <= TimeSpan.Zero)
            {
                failures.Add($"CustomerChat:Pipeline:Translation:CacheDuration must be positive (it is {settings.CacheDuration}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The start-up message for a listed step name that no registered step has.</summary>
    internal static string UnknownStepMessage(string step, IEnumerable<string> known) =>
        $"CustomerChat:Pipeline:Steps names an unknown step '{step}'; the known steps are: {string.Join(", ", known.Order(StringComparer.Ordinal))}.";
}
